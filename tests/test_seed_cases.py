"""The two cases the project grew from (../shared/seeds): the engine must reach the courts' results."""

from __future__ import annotations

from decimal import Decimal

from piguard import assess, load_facts


def test_xiuning_mobile_agent(examples):
    a = assess(load_facts(examples / "xiuning-mobile-agent.yaml"))
    assert a.circumstance == "serious"
    met = {g["provision"] for g in a.grounds if g["met"] == "met"}
    assert met == {"interp2017.art5.p1.i8"}          # only the halved duty/service standard is reached
    # the court: 6 months' imprisonment suspended for 1 year, fine 3,500 yuan
    assert a.possible_range["min_months"] <= 6 <= a.possible_range["max_months"]
    assert a.suspension["eligible"] == "yes"
    assert a.suspension["probation_fixed_term"]["min_months"] <= 12 <= a.suspension["probation_fixed_term"]["max_months"]
    assert Decimal(a.fine["guidance_min_yuan"]) <= 3500 <= Decimal(a.fine["guidance_max_yuan"])
    assert any(f["rule"] == "cl253_1_p2_duty_heavier" and f["met"] == "met" for f in a.factors)
    assert a.civil["compensation_reference_yuan"] == "3498"


def test_shanghai_maternal_infant(examples):
    a = assess(load_facts(examples / "shanghai-maternal-infant.yaml"))
    assert a.circumstance == "especially_serious"
    assert a.contested["verdict"] == "robust"              # health (500 tier) or general (5,000 tier) alike
    assert [r["circumstance"] for r in a.contested["readings"]] == ["especially_serious"]
    # the court: three years each, suspended for three years
    assert a.possible_range["min_months"] <= 36 <= a.possible_range["max_months"]
    assert a.suspension["eligible"] == "conditional"
    assert a.suspension["probation_fixed_term"]["min_months"] <= 36 <= a.suspension["probation_fixed_term"]["max_months"]
    assert a.fine["required"] == "mandatory"
    # fines 160,000 + 170,000 yuan against 310,000 yuan of illegal income
    assert Decimal(a.fine["guidance_min_yuan"]) <= 330000 <= Decimal(a.fine["guidance_max_yuan"])
    assert a.civil["public_interest_suit"] == "possible"


def test_every_bundled_example_assesses(examples):
    files = sorted(examples.glob("*.yaml"))
    assert len(files) >= 7
    tiers = {assess(load_facts(p)).circumstance for p in files}
    assert tiers == {"none", "serious", "especially_serious", "undetermined"}
