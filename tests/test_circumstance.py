"""Interp. Art. 5: every threshold and its neighbour, halved, ×10 and halved ×10; exact combinations."""

from __future__ import annotations

import pytest
from conftest import run, tier

ITEM3 = ["whereabouts", "communication_content", "credit", "property"]
ITEM4 = ["accommodation", "communication_records", "health", "transaction", "other_safety"]
DUTY = {"duty_or_service": True}


def grounds_met(a) -> set[str]:
    return {g["provision"] for g in a.grounds if g["met"] == "met"}


# --- items (3)-(5), (7): full standards ---------------------------------------------------------

@pytest.mark.parametrize("cat", ITEM3)
@pytest.mark.parametrize("n,expected", [(49, "none"), (50, "serious"), (499, "serious"), (500, "especially_serious")])
def test_item3_fifty_and_tenfold(cat, n, expected):
    assert tier(pieces={cat: n}) == expected


@pytest.mark.parametrize("cat", ITEM4)
@pytest.mark.parametrize("n,expected", [(499, "none"), (500, "serious"), (4999, "serious"), (5000, "especially_serious")])
def test_item4_five_hundred_and_tenfold(cat, n, expected):
    assert tier(pieces={cat: n}) == expected


@pytest.mark.parametrize("n,expected", [(4999, "none"), (5000, "serious"), (49999, "serious"), (50000, "especially_serious")])
def test_item5_five_thousand_and_tenfold(n, expected):
    assert tier(pieces={"general": n}) == expected


@pytest.mark.parametrize("income,expected", [(4999, "none"), (4999.99, "none"), (5000, "serious"), (49999, "serious"),
                                             (50000, "especially_serious")])
def test_item7_income(income, expected):
    assert tier(illegal_income=income) == expected


def test_thresholds_are_inclusive_and_cited():
    a = run(pieces={"whereabouts": 50})
    assert "interp2017.art5.p1.i3" in grounds_met(a)
    g = next(g for g in a.grounds if g["provision"] == "interp2017.art5.p1.i3")
    assert g["params"][0]["quote"] == "五十条以上" and g["params"][0]["value"] == 50
    assert g["text_zh"].startswith("（三）非法获取、出售或者提供行踪轨迹信息")


# --- item (8): duty/service information, half standards --------------------------------------------

@pytest.mark.parametrize("pieces,expected", [
    ({"whereabouts": 24}, "none"), ({"whereabouts": 25}, "serious"),
    ({"health": 249}, "none"), ({"health": 250}, "serious"),
    ({"general": 2499}, "none"), ({"general": 2500}, "serious"),
])
def test_item8_halved_pieces(pieces, expected):
    assert tier(pieces=pieces, offender=DUTY) == expected


@pytest.mark.parametrize("income,expected", [(2499, "none"), (2500, "serious")])
def test_item8_halved_income(income, expected):
    assert tier(illegal_income=income, offender=DUTY) == expected


def test_item8_needs_selling_or_providing():
    assert tier(acts=["obtain"], pieces={"whereabouts": 25}, offender=DUTY) == "none"
    assert tier(acts=["obtain", "provide"], pieces={"whereabouts": 25}, offender=DUTY) == "serious"


def test_item8_without_duty_is_not_halved():
    assert tier(pieces={"whereabouts": 25}) == "none"


def test_item8_unknown_duty_is_undetermined():
    a = run(pieces={"whereabouts": 30}, offender={"duty_or_service": None})
    assert a.circumstance == "undetermined"
    assert a.circumstance_bounds == {"at_least": "none", "at_most": "serious"}
    # an unknown duty does not matter when the full standard is met
    assert tier(pieces={"whereabouts": 60}, offender={"duty_or_service": None}) == "serious"


# --- ¶2(3): ten times items (3)-(8), so also ten times the halved standards ------------------------

@pytest.mark.parametrize("pieces,expected", [
    ({"whereabouts": 249}, "serious"), ({"whereabouts": 250}, "especially_serious"),
    ({"accommodation": 2499}, "serious"), ({"accommodation": 2500}, "especially_serious"),
    ({"general": 24999}, "serious"), ({"general": 25000}, "especially_serious"),
])
def test_tenfold_of_halved_pieces(pieces, expected):
    assert tier(pieces=pieces, offender=DUTY) == expected


@pytest.mark.parametrize("income,expected", [(24999, "serious"), (25000, "especially_serious")])
def test_tenfold_of_halved_income(income, expected):
    assert tier(illegal_income=income, offender=DUTY) == expected


def test_tenfold_without_duty_uses_full_standard():
    assert tier(pieces={"whereabouts": 250}) == "serious"
    assert tier(illegal_income=25000) == "serious"


# --- item (6): proportional combination, exact fractions -------------------------------------------

@pytest.mark.parametrize("pieces,expected", [
    ({"whereabouts": 25, "accommodation": 250}, "serious"),              # 1/2 + 1/2 = 1 exactly
    ({"whereabouts": 25, "accommodation": 249}, "none"),                 # 1/2 + 249/500 < 1
    ({"whereabouts": 24, "accommodation": 250, "general": 99}, "none"),  # 24/50+1/2+99/5000 = 0.9998
    ({"whereabouts": 24, "accommodation": 250, "general": 100}, "serious"),  # = 1 exactly
    ({"whereabouts": 10, "health": 200, "general": 2000}, "serious"),    # 1/5 + 2/5 + 2/5
    ({"credit": 10, "health": 200, "general": 1999}, "none"),
])
def test_item6_combination(pieces, expected):
    assert tier(pieces=pieces) == expected


def test_item6_exact_fraction_is_reported():
    a = run(pieces={"whereabouts": 25, "accommodation": 250})
    g = next(g for g in a.grounds if g["provision"] == "interp2017.art5.p1.i6")
    assert g["met"] == "met" and g["values"]["exact"] == "1/1"


@pytest.mark.parametrize("pieces,expected", [
    ({"whereabouts": 13, "accommodation": 125}, "serious"),   # 13/25 + 125/250 = 1.02
    ({"whereabouts": 12, "accommodation": 125}, "none"),      # 0.98
    ({"whereabouts": 5, "accommodation": 200}, "serious"),    # 1/5 + 4/5 = 1
])
def test_item6_combination_halved_for_duty(pieces, expected):
    assert tier(pieces=pieces, offender=DUTY) == expected


@pytest.mark.parametrize("pieces,duty,expected", [
    ({"whereabouts": 250, "accommodation": 2500}, False, "especially_serious"),   # ×10: 1/2 + 1/2
    ({"whereabouts": 249, "accommodation": 2500}, False, "serious"),
    ({"whereabouts": 125, "accommodation": 1250}, True, "especially_serious"),    # halved ×10
    ({"whereabouts": 124, "accommodation": 1250}, True, "serious"),
])
def test_combination_tenfold(pieces, duty, expected):
    assert tier(pieces=pieces, offender={"duty_or_service": duty}) == expected


# --- items (1), (2), (9) and ¶2 (1), (2) ------------------------------------------------------------

def test_item1_whereabouts_used_in_crime():
    assert tier(pieces={"whereabouts": 1}, whereabouts_used_in_crime=True) == "serious"
    assert tier(acts=["obtain"], pieces={"whereabouts": 1}, whereabouts_used_in_crime=True) == "none"
    assert tier(pieces={"whereabouts": 1}, whereabouts_used_in_crime=None) == "undetermined"


def test_item2_knew_recipient_criminal():
    assert tier(pieces={"general": 3}, knew_recipient_criminal=True) == "serious"
    assert tier(acts=["obtain"], pieces={"general": 3}, knew_recipient_criminal=True) == "none"


@pytest.mark.parametrize("key", ["prior_pi_criminal_punishment", "pi_admin_penalty_within_2y"])
def test_item9_repeat_offender(key):
    assert tier(acts=["obtain"], pieces={"general": 1}, offender={key: True}) == "serious"
    assert tier(acts=["obtain"], pieces={"general": 1}, offender={key: None}) == "undetermined"


@pytest.mark.parametrize("consequence", ["death", "serious_injury", "mental_disorder", "kidnapping"])
def test_p2_item1_consequences(consequence):
    a = run(pieces={"whereabouts": 1}, consequences=[consequence])
    assert a.circumstance == "especially_serious"
    assert "interp2017.art5.p2.i1" in grounds_met(a)


@pytest.mark.parametrize("key", ["major_economic_loss", "adverse_social_impact"])
def test_p2_item2_loss_or_impact(key):
    assert tier(pieces={"general": 10}, **{key: True}) == "especially_serious"


def test_unknown_especially_fact_leaves_tier_open_above_serious():
    a = run(pieces={"whereabouts": 60}, consequences=None)
    assert a.circumstance == "undetermined"
    assert a.circumstance_bounds == {"at_least": "serious", "at_most": "especially_serious"}


# --- catch-alls ---------------------------------------------------------------------------------

def test_catch_alls_never_fire_by_themselves():
    a = run(pieces={"general": 1})
    assert a.circumstance == "none"
    catch = [g for g in a.grounds if g["catch_all"]]
    assert {g["provision"] for g in catch} == {"interp2017.art5.p1.i10", "interp2017.art5.p2.i4"}
    assert all(g["met"] == "undetermined" and "court" in g["because_en"] for g in catch)


def test_no_crime_gives_null_range_and_zero_possible():
    a = run(pieces={"general": 100})
    assert a.circumstance == "none"
    assert a.statutory_range is None
    assert (a.possible_range["min_months"], a.possible_range["max_months"]) == (0, 0)
    assert a.suspension["eligible"] == "no"
