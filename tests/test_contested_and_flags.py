"""Contested classifications, temporal flags, related offences, guideline profiles."""

from __future__ import annotations

import pytest
from conftest import facts, run

from piguard import assess
from piguard.law.assess import GuidelineError


def test_contested_reading_that_changes_the_tier():
    a = run(pieces={"property": 3000}, contested=[{"count": 3000, "from": "property", "to": "general",
                                                      "note": "业主名单是否属于财产信息"}])
    assert a.circumstance == "especially_serious"
    assert a.contested["robust"] is False
    assert a.contested["verdict"] == "depends on 业主名单是否属于财产信息"
    (reading,) = a.contested["readings"]
    assert reading["circumstance"] == "none" and reading["changes_tier"] is True


def test_contested_reading_that_does_not_change_the_tier():
    a = run(pieces={"health": 40000}, offender={"duty_or_service": True}, illegal_income=310000,
            contested=[{"count": 40000, "from": "health", "to": "general"}])
    assert a.contested["verdict"] == "robust"
    assert [r["circumstance"] for r in a.contested["readings"]] == ["especially_serious"]


def test_partial_reclassification_and_exclusion():
    a = run(pieces={"accommodation": 600}, contested=[{"count": 150, "from": "accommodation", "to": "excluded",
                                                          "note": "150 records untrue"}])
    assert a.circumstance == "serious"
    assert a.contested["readings"][0]["circumstance"] == "none"


def test_combinations_of_readings_are_evaluated():
    a = run(pieces={"whereabouts": 30, "health": 400},
            contested=[{"count": 30, "from": "whereabouts", "to": "general"},
                       {"count": 400, "from": "health", "to": "general"}])
    # 30/50 + 400/500 = 1.4 → serious; moving either alone keeps ≥ 1? 30/5000+0.8 < 1 → none; 0.6+0.08 < 1 → none
    assert a.circumstance == "serious"
    assert len(a.contested["readings"]) == 3
    assert all(r["circumstance"] == "none" for r in a.contested["readings"])
    assert a.contested["robust"] is False


def test_temporal_flags():
    early = run(pieces={"general": 6000}, conduct={"start": "2015-03-01", "end": "2017-08-01"})
    codes = {f["rule"] for f in early.flags}
    assert {"cl12_before_amendment9", "interp13_before_effective"} <= codes
    mid = run(pieces={"general": 6000}, conduct={"start": "2016-03-01", "end": "2017-08-01"})
    assert {f["rule"] for f in mid.flags} >= {"interp13_before_effective"}
    assert "cl12_before_amendment9" not in {f["rule"] for f in mid.flags}
    late = run(pieces={"general": 6000}, conduct={"start": "2020-03-01", "end": "2020-08-01"})
    assert not {"cl12_before_amendment9", "interp13_before_effective"} & {f["rule"] for f in late.flags}


def test_related_offences():
    a = run(pieces={"general": 100}, set_up_website_or_group=True)
    art8 = next(r for r in a.related_offences if r["rule"] == "interp8_website_or_group")
    assert art8["met"] == "met" and art8["values"]["related"] == "cl.art287-1.p1"
    assert "CL 287-1 is the charge" in art8["because_en"]
    b = run(pieces={"general": 100}, network_provider_refused_order=True)
    assert next(r for r in b.related_offences if r["rule"] == "interp9_network_provider")["met"] == "met"


def test_occupational_ban_flag_for_duty_information():
    a = run(pieces={"general": 3000}, offender={"duty_or_service": True})
    assert any(f["rule"] == "cl37_1_occupational_ban" for f in a.flags)


def test_sensitive_categories_flagged():
    a = run(pieces={"health": 600, "whereabouts": 3})
    dp = a.data_protection[0]
    assert dp["provision"] == "pipl.art28.p1" and dp["values"] == {"whereabouts": 3, "health": 600}


@pytest.mark.parametrize("profile", ["national-2024", "jiangxi-2025"])
def test_guideline_profiles_are_provisional_and_inside_the_range(profile):
    for pieces in ({"general": 6000}, {"general": 60000}):
        a = assess(facts(pieces=pieces), guideline=profile)
        g = a.guideline
        assert g["status"] == "provisional" and "PROVISIONAL" in g["label"]
        sp = g["starting_point"]
        assert a.possible_range["min_months"] <= sp["min_months"] <= sp["max_months"] <= a.possible_range["max_months"]


def test_jiangxi_duty_half_starting_point():
    a = assess(facts(pieces={"general": 3000}, offender={"duty_or_service": True}), guideline="jiangxi-2025")
    assert a.guideline["starting_point_basis"] == "serious_by_duty_half"
    assert a.guideline["starting_point"]["max_months"] == 9


def test_guideline_off_by_default_and_unknown_rejected():
    assert run(pieces={"general": 6000}).guideline is None
    with pytest.raises(GuidelineError):
        assess(facts(pieces={"general": 6000}), guideline="mars-2030")


def test_guideline_adjustments_follow_the_facts():
    a = assess(facts(pieces={"general": 6000}, offender={"plea": True}), guideline="national-2024")
    applies = {adj["factor"]: adj["applies"] for adj in a.guideline["adjustments"]}
    assert applies["plea"] is True and applies["surrender"] is False
