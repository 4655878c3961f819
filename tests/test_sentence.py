"""Sentence frame: statutory ranges, each mitigating or aggravating factor, possible range, suspension, fine."""

from __future__ import annotations

import pytest
from conftest import run

SERIOUS = {"pieces": {"whereabouts": 60}}
ESPECIALLY = {"pieces": {"whereabouts": 600}}


def factor(a, rule):
    return next(f for f in a.factors if f["rule"] == rule)


def bounds(a):
    return a.possible_range["min_months"], a.possible_range["max_months"], a.possible_range["exemption_possible"]


def test_serious_statutory_range():
    a = run(**SERIOUS)
    r = a.statutory_range
    assert (r["min_months"], r["max_months"], r["detention_possible"], r["fine"]) == (1, 36, True, "optional")
    assert r["fine_alone_possible"] is True
    assert bounds(a) == (0, 36, False)          # a fine alone is within the range


def test_especially_serious_statutory_range():
    a = run(**ESPECIALLY)
    r = a.statutory_range
    assert (r["min_months"], r["max_months"], r["detention_possible"], r["fine"]) == (36, 84, False, "mandatory")
    assert bounds(a) == (36, 84, False)
    assert a.fine["required"] == "mandatory"


@pytest.mark.parametrize("offender,rule,modality,effects", [
    ({"duty_or_service": True}, "cl253_1_p2_duty_heavier", "shall", ["heavier"]),
    ({"recidivist": True}, "cl65_recidivist", "shall", ["heavier"]),
    ({"role": "accomplice"}, "cl27_accomplice", "shall", ["lighter", "mitigate", "exempt"]),
    ({"role": "coerced"}, "cl28_coerced", "shall", ["mitigate", "exempt"]),
    ({"age_at_offense": 17}, "cl17_p4_minor", "shall", ["lighter", "mitigate"]),
    ({"age_at_offense": 76}, "cl17_1_elderly", "may", ["lighter", "mitigate"]),
    ({"surrender": True}, "cl67_p1_surrender", "may", ["lighter", "mitigate"]),
    ({"confession": True}, "cl67_p3_confession", "may", ["lighter"]),
    ({"plea": True}, "cpl15_plea", "may", ["lenient"]),
    ({"meritorious": "ordinary"}, "cl68_meritorious", "may", ["lighter", "mitigate"]),
    ({"meritorious": "major"}, "cl68_meritorious", "may", ["mitigate", "exempt"]),
    ({"restitution": "partial"}, "cl61_restitution", "discretionary", ["lighter"]),
    ({"prior_pi_criminal_punishment": True}, "cl61_prior_record", "discretionary", ["heavier"]),
])
def test_each_factor_effect_and_citation(offender, rule, modality, effects):
    a = run(**ESPECIALLY, offender=offender)
    f = factor(a, rule)
    assert f["met"] == "met" and f["modality"] == modality and f["effects"] == effects
    assert f["text_zh"] and f["cite_zh"]


def test_absent_factors_are_traced_but_not_met():
    a = run(**SERIOUS)
    assert all(f["met"] == "not_met" for f in a.factors if f["rule"] != "interp10_minor_circumstances")


@pytest.mark.parametrize("offender,expected", [
    ({}, (36, 84, False)),
    ({"confession": True}, (36, 84, False)),                # 从轻 stays inside the range (CL 62)
    ({"plea": True}, (36, 84, False)),
    ({"duty_or_service": True}, (36, 84, False)),           # 从重 stays inside the range
    ({"surrender": True}, (0, 84, False)),                  # 减轻 into the lower range (CL 63), fine alone there
    ({"meritorious": "ordinary"}, (0, 84, False)),
    ({"meritorious": "major"}, (0, 84, True)),
    ({"role": "accomplice"}, (0, 84, True)),
    ({"role": "coerced"}, (0, 36, True)),                   # shall mitigate or exempt: ceiling falls too
    ({"age_at_offense": 17}, (0, 84, False)),
    ({"age_at_offense": 80}, (0, 84, False)),
])
def test_possible_range_especially_serious(offender, expected):
    assert bounds(run(**ESPECIALLY, offender=offender)) == expected


def test_surrender_exemption_only_for_lighter_crime():
    assert bounds(run(**SERIOUS, offender={"surrender": True})) == (0, 36, True)
    assert bounds(run(**ESPECIALLY, offender={"surrender": True}))[2] is False


def test_under_sixteen_bears_no_criminal_responsibility():
    a = run(**SERIOUS, offender={"age_at_offense": 15})
    assert a.criminal_responsibility is False
    assert bounds(a) == (0, 0, False)
    assert a.suspension["eligible"] == "no"


def test_unit_crime():
    a = run(**SERIOUS, offender={"type": "unit", "annual_turnover": 200_000_000}, illegal_income=8000)
    assert a.fine["unit_fine"] is True
    assert "interp2017.art7" in a.fine["basis"]
    assert any(x["rule"] == "interp7_unit_crime" for x in a.trace)
    p2 = a.administrative["para2"]
    assert p2["fine_max_yuan"] == 50_000_000 and p2["turnover_share"] == "1/20"
    assert float(p2["turnover_cap_yuan"]) == 10_000_000
    assert a.administrative["para1"]["fine_max_yuan"] == 1_000_000
    assert (p2["responsible_person_min_yuan"], p2["responsible_person_max_yuan"]) == (100_000, 1_000_000)


def test_natural_person_has_no_pipl66_block():
    assert run(**SERIOUS).administrative is None


# --- suspension (CL 72-74) ---------------------------------------------------------------------

def test_suspension_serious_with_remorse():
    s = run(**SERIOUS, offender={"remorse": True}).suspension
    assert s["eligible"] == "yes"
    assert (s["probation_min_months"], s["probation_max_months"]) == (2, 60)
    assert s["probation_detention"] == {"min_months": 2, "max_months": 12}
    assert s["probation_fixed_term"] == {"min_months": 12, "max_months": 60}


def test_suspension_conditional_without_remorse():
    assert run(**SERIOUS).suspension["eligible"] == "conditional"


def test_suspension_especially_serious_only_at_three_years():
    s = run(**ESPECIALLY, offender={"remorse": True}).suspension
    assert s["eligible"] == "conditional"
    assert s["probation_min_months"] == 12          # no detention in the 3-7 year range


@pytest.mark.parametrize("offender", [{"recidivist": True}, {"ringleader": True}])
def test_suspension_barred(offender):
    s = run(**SERIOUS, offender={**offender, "remorse": True}).suspension
    assert s["eligible"] == "no" and s["bars"]


@pytest.mark.parametrize("age,mandatory", [(17, True), (40, False), (75, True)])
def test_suspension_mandatory_for_minors_and_elderly(age, mandatory):
    assert run(**SERIOUS, offender={"age_at_offense": age, "remorse": True}).suspension["mandatory_if_conditions_met"] is mandatory


# --- fine (Interp. Art. 12) ---------------------------------------------------------------------

def test_fine_guidance_one_to_five_times():
    f = run(illegal_income=6000).fine
    assert (f["guidance_min_yuan"], f["guidance_max_yuan"], f["binding"]) == ("6000", "30000", False)


def test_fine_without_income_has_no_figure():
    f = run(**SERIOUS).fine
    assert f["guidance_min_yuan"] is None and f["required"] == "optional"


def test_confiscation_of_illegal_income():
    a = run(illegal_income=7000)
    assert a.confiscation == {"illegal_income_yuan": "7000", "provision": "cl.art64"}
