"""Facts in, assessment out: the whole liability analysis under CL 253-1, 法释〔2017〕10号 and PIPL.

Pure: no files, no printing. Every conclusion is a :class:`Finding` in the run's trace; the text a user
reads is rendered from that trace (``piguard.report.assessment``).
"""

from __future__ import annotations

import itertools
from typing import Any

from pydantic import BaseModel, ConfigDict

from piguard.law import circumstance as circ
from piguard.law import consequences as cons
from piguard.law import sentence as sent
from piguard.law.facts import Contested, Facts, parse_facts
from piguard.law.provisions import Law, load_law
from piguard.law.result import Finding, Trace, Tri

SCHEMA = "piguard.assessment/1"
MAX_CONTESTED_COMBINATIONS = 8      # up to 2^8 - 1 combined readings; beyond, each reading alone


class GuidelineError(ValueError):
    """Unknown sentencing-guideline profile."""


class Assessment(BaseModel):
    """The result of :func:`assess`. ``model_dump(mode="json")`` is schema ``piguard.assessment/1``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    schema_: str = SCHEMA
    case: str
    decision_date: str | None
    circumstance: str
    circumstance_bounds: dict[str, str]
    regime: str
    criminal_responsibility: bool
    conclusion: dict[str, str]
    statutory_range: dict[str, Any] | None
    possible_range: dict[str, Any]
    suspension: dict[str, Any]
    fine: dict[str, Any]
    confiscation: dict[str, Any] | None
    factors: list[dict[str, Any]]
    grounds: list[dict[str, Any]]
    contested: dict[str, Any]
    civil: dict[str, Any] | None
    administrative: dict[str, Any] | None
    data_protection: list[dict[str, Any]]
    related_offences: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    guideline: dict[str, Any] | None
    trace: list[dict[str, Any]]

    def to_json_dict(self) -> dict[str, Any]:
        d = self.model_dump(mode="json")
        d["schema"] = d.pop("schema_")
        return {"schema": d.pop("schema"), **d}


def finding_dict(x: Finding, law: Law) -> dict[str, Any]:
    p = law.provision(x.provision)
    return {"rule": x.rule, "provision": x.provision, "cite_en": p.cite_en, "cite_zh": p.cite_zh,
            "text_zh": p.text_zh, "met": x.met.value, "kind": x.kind, "catch_all": x.catch_all,
            "because_en": x.en, "because_zh": x.zh, "values": x.values,
            "params": [{"id": pid, "value": _jsonable(law.value(pid)), "quote": law.param(pid).quote,
                        "provision": law.param(pid).provision.id} for pid in x.params]}


def _jsonable(v: Any) -> Any:
    if isinstance(v, (int, str)):
        return v
    if hasattr(v, "numerator"):
        return f"{v.numerator}/{v.denominator}"
    return str(v)


# ---------------------------------------------------------------------------------------------
# Contested readings


def _apply(f: Facts, alts: tuple[Contested, ...]) -> Facts | None:
    pieces = f.pieces.as_dict()
    for a in alts:
        if pieces[a.from_] < a.count:
            return None           # two readings claim more pieces than there are: not a coherent combination
        pieces[a.from_] -= a.count
        if a.to != "excluded":
            pieces[a.to] += a.count
    return f.with_pieces(pieces)


TIER_ZH = {"none": "不构成犯罪", "serious": "情节严重", "especially_serious": "情节特别严重", "undetermined": "待定"}


def _reading_label(alts: tuple[Contested, ...], law: Law) -> tuple[str, str]:
    def zh_name(key: str) -> str:
        return "剔除（非个人信息或不真实）" if key == "excluded" else law.categories[key].zh
    en = "; ".join(f"{a.count:,} {a.from_} → {a.to}" + (f" ({a.note})" if a.note else "") for a in alts)
    zh = "；".join(f"{a.count:,}条{zh_name(a.from_)}→{zh_name(a.to)}" + (f"（{a.note}）" if a.note else "") for a in alts)
    return en, zh


def contested_readings(f: Facts, law: Law, base_tier: str) -> tuple[dict[str, Any], list[Finding]]:
    """Evaluate every alternative classification (and, up to a limit, every combination of them)."""
    alts = list(f.contested)
    if not alts:
        return {"verdict": "none", "verdict_zh": "无争议分类", "robust": True, "readings": []}, []
    if len(alts) <= MAX_CONTESTED_COMBINATIONS:
        combos = [c for r in range(1, len(alts) + 1) for c in itertools.combinations(range(len(alts)), r)]
    else:
        combos = [(i,) for i in range(len(alts))]
    readings, findings, changers = [], [], set()
    for combo in combos:
        chosen = tuple(alts[i] for i in combo)
        alt_facts = _apply(f, chosen)
        if alt_facts is None:
            continue
        c = circ.evaluate(alt_facts, law)
        en, zh = _reading_label(chosen, law)
        changes = c.tier != base_tier
        if changes:
            changers.update(combo)
        decisive = [g.provision for g in c.grounds if g.met is Tri.MET]
        readings.append({"assuming": en, "assuming_zh": zh, "alternatives": list(combo), "circumstance": c.tier,
                         "changes_tier": changes, "decisive_grounds": decisive})
        findings.append(Finding("contested_reading", "interp2017.art5.p1", Tri.MET if changes else Tri.NOT_MET,
                                f"assuming {en}: {c.tier}" + (" (changes the tier)" if changes else " (same tier)"),
                                f"假设{zh}：{TIER_ZH[c.tier]}" + ("（情节认定改变）" if changes else "（情节认定不变）"),
                                kind="contested", values={"circumstance": c.tier, "decisive_grounds": decisive}))
    robust = not changers
    decisive_alts = [alts[i] for i in sorted(changers)]
    verdict = "robust" if robust else "depends on " + "; ".join(
        a.note or _reading_label((a,), law)[0] for a in decisive_alts)
    verdict_zh = "稳定：各种分类下情节认定相同" if robust else "取决于：" + "；".join(
        a.note or _reading_label((a,), law)[1] for a in decisive_alts)
    return {"verdict": verdict, "verdict_zh": verdict_zh, "robust": robust, "base": base_tier,
            "readings": readings}, findings


# ---------------------------------------------------------------------------------------------
# Guideline profiles (provisional, indicative)


# which adjustment of a guideline profile follows from which rule of the engine
ADJUSTMENT_RULES = {"plea": "cpl15_plea", "surrender": "cl67_p1_surrender", "accomplice": "cl27_accomplice",
                    "restitution": "cl61_restitution", "minor_16_18": "cl17_p4_minor", "elderly_75": "cl17_1_elderly",
                    "duty_or_service": "cl253_1_p2_duty_heavier", "website_or_group": "interp8_website_or_group"}


def guideline_profile(name: str | None, c: circ.Circumstance, law: Law, active: set[str]) -> dict[str, Any] | None:
    if name is None:
        return None
    profiles = law.guidelines
    if name not in profiles:
        raise GuidelineError(f"unknown guideline profile {name!r}; choose from: {', '.join(sorted(profiles))}")
    prof = profiles[name]
    sp = prof["starting_points"]
    key = c.tier if c.tier in ("serious", "especially_serious") else c.at_most
    item8_only = [g.provision for g in c.grounds if g.met is Tri.MET and not g.catch_all] == ["interp2017.art5.p1.i8"]
    if key == "serious" and item8_only and "serious_by_duty_half" in sp:
        key = "serious_by_duty_half"
    start = sp.get(key)
    return {"profile": name, "title_zh": prof["title_zh"], "doc_no": prof["doc_no"], "status": prof["status"],
            "label": "PROVISIONAL - indicative starting point only; not verified against the official text",
            "caution": prof["caution"], "source": prof["source"], "starting_point_basis": key if start else None,
            "starting_point": start, "fines": prof.get("fines", []),
            "adjustments": [{**adj, "applies": ADJUSTMENT_RULES.get(adj["factor"]) in active}
                            for adj in prof.get("adjustments", [])]}


# ---------------------------------------------------------------------------------------------


def _conclusion(tier: str, c: circ.Circumstance, responsible: bool, possible: dict, susp: dict) -> dict[str, str]:
    names_en = {"none": "no crime made out (not 情节严重)", "serious": "情节严重 (serious circumstances)",
                "especially_serious": "情节特别严重 (especially serious circumstances)"}
    names_zh = {"none": "不构成犯罪（未达到情节严重）", "serious": "情节严重", "especially_serious": "情节特别严重"}
    if tier == "undetermined":
        en = f"undetermined: between {names_en[c.at_least]} and {names_en[c.at_most]} - depends on unknown facts"
        zh = f"待定：介于{names_zh[c.at_least]}与{names_zh[c.at_most]}之间，取决于尚未查明的事实"
    else:
        en, zh = names_en[tier], names_zh[tier]
    if tier != "none" and responsible:
        en += (f"; possible sentence {possible['min_months']}-{possible['max_months']} months"
               + (", exemption possible" if possible["exemption_possible"] else "")
               + f"; suspension: {susp['eligible']}")
        zh += (f"；可能的刑期{possible['min_months']}至{possible['max_months']}个月"
               + ("，可以免除处罚" if possible["exemption_possible"] else "")
               + "；缓刑：" + {"yes": "可以", "no": "不适用", "conditional": "附条件"}[susp["eligible"]])
    if not responsible:
        en += "; the offender bears no criminal responsibility (age)"
        zh += "；行为人不负刑事责任（年龄）"
    return {"en": en, "zh": zh}


def assess(facts: Facts | dict, guideline: str | None = None, law: Law | None = None) -> Assessment:
    """Assess liability for one set of facts (a :class:`Facts` or a ``piguard.facts/1`` mapping).

    Pure: reads only the bundled law data. Raises ``FactsError`` for an invalid mapping and
    ``GuidelineError`` for an unknown guideline profile.
    """
    law = law or load_law()
    f = facts if isinstance(facts, Facts) else parse_facts(facts)
    trace = Trace()
    for x in cons.cl253_1_acts(f, law):
        trace.add(x)
    c = circ.evaluate(f, law)
    for g in c.grounds:
        trace.add(g)
    for d in c.details:
        trace.add(Finding(d.rule, d.provision, d.met, d.en, d.zh, kind="detail", values=d.values, params=d.params))
    frame_tier = c.tier if c.tier != "undetermined" else c.at_most
    lower_tier = {"especially_serious": "serious"}.get(frame_tier)
    rng = sent.statutory_range(frame_tier, law)
    lower = sent.statutory_range(lower_tier, law) if lower_tier else None
    trace.add(sent.frame_finding(rng, law))
    resp = trace.add(sent.criminal_responsibility(f, law))
    responsible = resp.met is Tri.MET
    factor_findings = [trace.add(x) for x in sent.factors(f, law, c, frame_tier)] if rng else []
    possible, pf = sent.possible_range(frame_tier, rng, lower, factor_findings, responsible, law)
    if c.tier == "undetermined" and c.at_least == "none":
        possible = {**possible, "min_months": 0, "conditional": True}
    trace.add(pf)
    susp, sf = sent.suspension(frame_tier, rng, possible, f, responsible, law)
    trace.add(sf)
    fine, ff = sent.fine(frame_tier, rng, f, responsible, law)
    trace.add(ff)
    confiscation = None
    if rng and f.illegal_income:
        confiscation = {"illegal_income_yuan": str(f.illegal_income), "provision": "cl.art64"}
        trace.add(Finding("cl64_confiscation", "cl.art64", Tri.MET,
                          f"illegal income {f.illegal_income:,} yuan to be recovered or restituted (追缴、责令退赔)",
                          f"违法所得{f.illegal_income:,}元应当予以追缴或者责令退赔", kind="frame"))
    contested, cf = contested_readings(f, law, c.tier)
    for x in cf:
        trace.add(x)
    civil, civil_f = cons.civil_public_interest(f, law, frame_tier if rng else "none")
    for x in civil_f:
        trace.add(x)
    admin, admin_f = cons.pipl66_administrative(f, law)
    for x in admin_f:
        trace.add(x)
    dp = [trace.add(x) for x in cons.pipl_sensitive(f, law) + cons.unit_duties(f, law)]
    related = [trace.add(cons.interp8_website_or_group(f, law, frame_tier if rng else "none")),
               trace.add(cons.interp9_network_provider(f, law))]
    flags = [trace.add(x) for x in cons.temporal_flags(f, law) + cons.art6_mixed_flag(f, law, c.regime)]
    if rng:
        flags.append(trace.add(cons.cl37_1_occupational_ban(f, law, frame_tier)))
    if c.tier == "undetermined":
        flags.append(trace.add(Finding("undetermined_tier", "interp2017.art5.p1", Tri.UNDETERMINED,
                                       f"the tier depends on unknown facts; ranges are shown for {frame_tier}, conditionally",
                                       "情节认定取决于尚未查明的事实，刑罚范围按较重情形附条件列示", kind="flag")))
    guide = guideline_profile(guideline, c, law, {x.rule for x in trace if x.met is Tri.MET})
    fd = lambda x: finding_dict(x, law)  # noqa: E731
    return Assessment(
        case=f.case, decision_date=f.decision_date.isoformat() if f.decision_date else None,
        circumstance=c.tier, circumstance_bounds={"at_least": c.at_least, "at_most": c.at_most}, regime=c.regime,
        criminal_responsibility=responsible, conclusion=_conclusion(c.tier, c, responsible, possible, susp),
        statutory_range=None if rng is None else {
            **rng.as_dict(), "conditional": c.tier == "undetermined",
            "applies_to": "directly responsible persons (Interp. Art. 7)" if f.offender.type == "unit" else "offender"},
        possible_range=possible, suspension=susp, fine=fine, confiscation=confiscation,
        factors=[{**fd(x), "modality": x.values["modality"], "effects": x.values["effects"]} for x in factor_findings],
        grounds=[fd(g) for g in c.grounds], contested=contested, civil=civil if rng else None,
        administrative=admin, data_protection=[fd(x) for x in dp],
        related_offences=[fd(x) for x in related], flags=[fd(x) for x in flags if x.met is not Tri.NOT_MET],
        guideline=guide, trace=[fd(x) for x in trace])

