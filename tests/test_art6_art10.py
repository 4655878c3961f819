"""Interp. Art. 6 (buying for lawful business) and Art. 10 (minor circumstances)."""

from __future__ import annotations

import pytest
from conftest import run, tier

BUYER = {"acts": ["obtain"], "purpose_lawful_business": True}


@pytest.mark.parametrize("profit,expected", [(0, "none"), (49999, "none"), (50000, "serious")])
def test_art6_profit_standard(profit, expected):
    a = run(**BUYER, pieces={"general": 20000}, business_profit=profit)
    assert a.circumstance == expected
    assert a.regime == "art6"


def test_art6_raises_the_bar_above_art5():
    # 20,000 general pieces would be 情节严重 under Art. 5 ¶1(5); under Art. 6 they are not enough by themselves
    assert tier(acts=["obtain"], pieces={"general": 20000}) == "serious"
    assert tier(**BUYER, pieces={"general": 20000}) == "none"


def test_art6_prior_punishment():
    assert tier(**BUYER, pieces={"general": 10}, offender={"pi_admin_penalty_within_2y": True}) == "serious"


def test_art6_unknown_profit_is_undetermined():
    assert tier(**BUYER, pieces={"general": 100}, business_profit=None) == "undetermined"


def test_art6_then_sold_applies_art5():
    a = run(acts=["obtain", "sell"], purpose_lawful_business=True, pieces={"general": 5000})
    assert a.regime == "art5" and a.circumstance == "serious"
    art6 = next(g for g in a.grounds if g["rule"] == "art6_applies")
    assert art6["provision"] == "interp2017.art6.p2"


def test_art6_does_not_cover_sensitive_information():
    a = run(**BUYER, pieces={"whereabouts": 60})
    assert a.regime == "art5" and a.circumstance == "serious"


def test_art6_mixed_keeps_sensitive_under_art5():
    a = run(**BUYER, pieces={"whereabouts": 60, "general": 9000})
    assert a.regime == "art6" and a.circumstance == "serious"
    assert "interp2017.art5.p1.i3" in {g["provision"] for g in a.grounds if g["met"] == "met"}
    assert "interp2017.art5.p1.i5" not in {g["provision"] for g in a.grounds if g["met"] == "met"}


def test_art6_never_especially_serious_by_quantity():
    assert tier(**BUYER, pieces={"general": 900000}, business_profit=60000) == "serious"


ART10 = {"first_offender": True, "restitution": "full", "remorse": True}


def test_art10_minor_circumstances():
    a = run(pieces={"general": 6000}, offender=ART10)
    f = next(f for f in a.factors if f["rule"] == "interp10_minor_circumstances")
    assert f["met"] == "met"
    assert a.possible_range["exemption_possible"] and a.possible_range["non_prosecution_possible"]


@pytest.mark.parametrize("missing", [{"first_offender": False}, {"restitution": "partial"}, {"remorse": False}])
def test_art10_needs_every_element(missing):
    a = run(pieces={"general": 6000}, offender={**ART10, **missing})
    assert not a.possible_range["exemption_possible"]


def test_art10_not_for_especially_serious():
    a = run(pieces={"general": 60000}, offender=ART10)
    assert a.circumstance == "especially_serious"
    assert not a.possible_range["non_prosecution_possible"]
