"""The sentence frame: statutory range, sentencing factors, the possible range, suspension, fine.

Every factor is one function returning a cited :class:`Finding` whose ``values`` say its legal effect:
``modality`` (shall 应当 / may 可以 / discretionary 酌定) and ``effects`` among heavier 从重, lighter 从轻,
mitigate 减轻 (below the range, CL 63), exempt 免除处罚, lenient 从宽.
"""

from __future__ import annotations

from dataclasses import dataclass

from piguard.law.circumstance import Circumstance
from piguard.law.facts import Facts, Role
from piguard.law.provisions import Law
from piguard.law.result import Finding, Tri

EFFECT_ZH = {"heavier": "从重", "lighter": "从轻", "mitigate": "减轻", "exempt": "免除处罚", "lenient": "从宽",
             "non_prosecution": "不起诉"}
MODALITY_ZH = {"shall": "应当", "may": "可以", "discretionary": "酌定"}
TIERS = ("serious", "especially_serious")


@dataclass(frozen=True)
class StatutoryRange:
    tier: str
    min_months: int
    max_months: int
    detention_possible: bool
    fine: str                     # optional | mandatory
    fine_alone_possible: bool
    params: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"tier": self.tier, "min_months": self.min_months, "max_months": self.max_months,
                "detention_possible": self.detention_possible, "fine": self.fine,
                "fine_alone_possible": self.fine_alone_possible, "provision": "cl.art253-1.p1",
                "params": list(self.params)}


def statutory_range(tier: str, law: Law) -> StatutoryRange | None:
    """CL 253-1 ¶1: 情节严重 — 三年以下有期徒刑或者拘役，并处或者单处罚金; 情节特别严重 — 三年以上七年以下, 并处罚金."""
    if tier == "serious":
        ps = ("cl.detention.min_months", "cl.art253-1.serious.max_months", "cl.detention.max_months",
              "cl.fixed_term.min_months")
        return StatutoryRange(tier, law.value(ps[0]), law.value(ps[1]), True, "optional", True, ps)
    if tier == "especially_serious":
        ps = ("cl.art253-1.especially.min_months", "cl.art253-1.especially.max_months")
        return StatutoryRange(tier, law.value(ps[0]), law.value(ps[1]), False, "mandatory", False, ps)
    return None


def frame_finding(rng: StatutoryRange | None, law: Law) -> Finding:
    if rng is None:
        return Finding("cl253_1_p1_statutory_range", "cl.art253-1.p1", Tri.NOT_MET,
                       "no statutory range: the circumstances are not (yet) serious",
                       "未达到情节严重，不适用法定刑", kind="frame")
    if rng.tier == "serious":
        en = (f"serious: fixed-term imprisonment up to {rng.max_months} months or criminal detention "
              f"({law.value('cl.detention.min_months')}-{law.value('cl.detention.max_months')} months, CL 42; "
              f"fixed-term at least {law.value('cl.fixed_term.min_months')} months, CL 45), plus or only a fine")
        zh = "情节严重：处三年以下有期徒刑或者拘役，并处或者单处罚金"
    else:
        en = f"especially serious: fixed-term imprisonment of {rng.min_months}-{rng.max_months} months plus a mandatory fine"
        zh = "情节特别严重：处三年以上七年以下有期徒刑，并处罚金"
    return Finding("cl253_1_p1_statutory_range", "cl.art253-1.p1", Tri.MET, en, zh, kind="frame",
                   values=rng.as_dict(), params=rng.params)


# ---------------------------------------------------------------------------------------------
# Factors (量刑情节)


def _factor(rule: str, pid: str, met: Tri, modality: str, effects: list[str], en: str, zh: str,
            params: tuple[str, ...] = ()) -> Finding:
    eff_en = " / ".join(effects)
    eff_zh = "、".join(EFFECT_ZH[e] for e in effects)
    return Finding(rule, pid, met, f"{en} → {modality} {eff_en}" if met is not Tri.NOT_MET else en,
                   f"{zh}：{MODALITY_ZH[modality]}{eff_zh}" if met is not Tri.NOT_MET else zh,
                   kind="factor", values={"modality": modality, "effects": effects}, params=params)


def cl253_1_p2_duty_heavier(f: Facts, law: Law) -> Finding:
    met = Tri.all([Tri.of(f.sells_or_provides), Tri.of(f.offender.duty_or_service)])
    return _factor("cl253_1_p2_duty_heavier", "cl.art253-1.p2", met, "shall", ["heavier"],
                   "duty/service information sold or provided" if met is not Tri.NOT_MET
                   else "no sale or provision of duty/service information",
                   "将履职、服务中获得的公民个人信息出售或者提供给他人" if met is not Tri.NOT_MET
                   else "无出售、提供履职或服务中获得信息的情形")


def cl65_recidivist(f: Facts, law: Law) -> Finding:
    met = Tri.of(f.offender.recidivist)
    return _factor("cl65_recidivist", "cl.art65.p1", met, "shall", ["heavier"],
                   "recidivist (累犯); suspension excluded (CL 74)" if met is not Tri.NOT_MET else "not a recidivist",
                   "累犯，不适用缓刑" if met is not Tri.NOT_MET else "非累犯")


def cl27_accomplice(f: Facts, law: Law) -> Finding:
    met = Tri.of(f.offender.role is Role.accomplice)
    return _factor("cl27_accomplice", "cl.art27.p2", met, "shall", ["lighter", "mitigate", "exempt"],
                   "accomplice (从犯, secondary or auxiliary role)" if met is Tri.MET else "not an accomplice",
                   "从犯" if met is Tri.MET else "非从犯")


def cl28_coerced(f: Facts, law: Law) -> Finding:
    met = Tri.of(f.offender.role is Role.coerced)
    return _factor("cl28_coerced", "cl.art28", met, "shall", ["mitigate", "exempt"],
                   "coerced into the crime (胁从犯)" if met is Tri.MET else "not coerced",
                   "被胁迫参加犯罪" if met is Tri.MET else "非胁从犯")


def cl17_p4_minor(f: Facts, law: Law) -> Finding:
    age, lo, hi = f.offender.age_at_offense, law.value("cl.age.responsibility"), law.value("cl.age.minor")
    met = Tri.of(age is not None and lo <= age < hi)
    return _factor("cl17_p4_minor", "cl.art17.p4", met, "shall", ["lighter", "mitigate"],
                   f"aged {age} at the offence (under {hi})" if met is Tri.MET else f"not under {hi} at the offence (or age not given)",
                   f"犯罪时{age}周岁，不满十八周岁" if met is Tri.MET else "犯罪时已满十八周岁或年龄未提供",
                   params=("cl.age.responsibility", "cl.age.minor"))


def cl17_1_elderly(f: Facts, law: Law) -> Finding:
    age, old = f.offender.age_at_offense, law.value("cl.age.elderly")
    met = Tri.of(age is not None and age >= old)
    return _factor("cl17_1_elderly", "cl.art17-1", met, "may", ["lighter", "mitigate"],
                   f"aged {age} at the offence ({old} or over), intentional crime" if met is Tri.MET else f"not aged {old} or over",
                   f"犯罪时{age}周岁，已满七十五周岁故意犯罪" if met is Tri.MET else "未满七十五周岁",
                   params=("cl.age.elderly",))


def cl67_p1_surrender(f: Facts, law: Law, tier: str) -> Finding:
    met = Tri.of(f.offender.surrender)
    # 「犯罪较轻的，可以免除处罚」: read here as the lower range (情节严重); whether it is 较轻 is for the court.
    effects = ["lighter", "mitigate"] + (["exempt"] if tier == "serious" else [])
    return _factor("cl67_p1_surrender", "cl.art67.p1", met, "may", effects,
                   "voluntary surrender (自首)" + ("; exemption only if the crime is relatively minor (犯罪较轻), for the court"
                                                   if tier == "serious" else "") if met is Tri.MET else "no voluntary surrender",
                   "自首" + ("（犯罪较轻的，可以免除处罚）" if tier == "serious" else "") if met is Tri.MET else "无自首情节")


def cl67_p3_confession(f: Facts, law: Law) -> Finding:
    met = Tri.of(f.offender.confession and not f.offender.surrender)
    return _factor("cl67_p3_confession", "cl.art67.p3", met, "may", ["lighter"],
                   "truthful confession (坦白); 减轻 only if it avoided especially serious consequences"
                   if met is Tri.MET else "no separate truthful confession (or it is part of a surrender)",
                   "如实供述自己罪行（坦白）" if met is Tri.MET else "无单独的坦白情节")


def cpl15_plea(f: Facts, law: Law) -> Finding:
    met = Tri.of(f.offender.plea)
    return _factor("cpl15_plea", "cpl.art15", met, "may", ["lenient"],
                   "plea of guilt and acceptance of punishment (认罪认罚); leniency within what substantive law allows"
                   if met is Tri.MET else "no plea of guilt and acceptance of punishment",
                   "认罪认罚，可以依法从宽处理" if met is Tri.MET else "无认罪认罚")


def cl68_meritorious(f: Facts, law: Law) -> Finding:
    kind = f.offender.meritorious
    met = Tri.of(kind != "none")
    effects = ["mitigate", "exempt"] if kind == "major" else ["lighter", "mitigate"]
    return _factor("cl68_meritorious", "cl.art68", met, "may", effects,
                   f"{'major ' if kind == 'major' else ''}meritorious service (立功)" if met is Tri.MET else "no meritorious service",
                   ("重大立功" if kind == "major" else "立功") if met is Tri.MET else "无立功表现")


def interp10_minor_circumstances(f: Facts, law: Law, c: Circumstance) -> Finding:
    """Art. 10: not 特别严重 + first offender + all gains returned + genuine remorse."""
    o = f.offender
    not_especially = {Tri.MET: Tri.NOT_MET, Tri.NOT_MET: Tri.MET, Tri.UNDETERMINED: Tri.UNDETERMINED}[c.especially]
    parts = {"not especially serious": not_especially, "first offender": Tri.of(o.first_offender),
             "all illicit gains returned": Tri.of(o.restitution == "full"), "genuine remorse": Tri.of(o.remorse)}
    met = Tri.all(parts.values())
    missing = [k for k, v in parts.items() if v is not Tri.MET]
    return _factor("interp10_minor_circumstances", "interp2017.art10", met, "may", ["non_prosecution", "exempt"],
                   "minor circumstances possible (情节轻微): non-prosecution or exemption; if punished, leniency is mandatory (应当从宽)"
                   if met is Tri.MET else f"Art. 10 leniency not established (missing: {', '.join(missing)})",
                   "可以认定为情节轻微，不起诉或者免予刑事处罚；确有必要判处刑罚的，应当从宽处罚"
                   if met is Tri.MET else "不符合第十条情节轻微的全部条件")


def cl61_restitution(f: Facts, law: Law) -> Finding:
    r = f.offender.restitution
    met = Tri.of(r != "none")
    return _factor("cl61_restitution", "cl.art61", met, "discretionary", ["lighter"],
                   f"{r} return of illicit gains (退赃退赔) - a discretionary factor" if met is Tri.MET else "no return of illicit gains",
                   ("全部退赃退赔" if r == "full" else "部分退赃退赔") + "（酌定情节）" if met is Tri.MET else "未退赃退赔")


def cl61_prior_record(f: Facts, law: Law) -> Finding:
    met = Tri.of(bool(f.offender.prior_pi_criminal_punishment) and not f.offender.recidivist)
    return _factor("cl61_prior_record", "cl.art61", met, "discretionary", ["heavier"],
                   "prior criminal record (前科) - a discretionary factor" if met is Tri.MET else "no prior criminal record considered",
                   "有前科（酌定从重情节）" if met is Tri.MET else "无前科")


def criminal_responsibility(f: Facts, law: Law) -> Finding:
    """CL 17 ¶1-2: below 16 there is no criminal responsibility for this offence (not among the ¶2 crimes)."""
    age, lo = f.offender.age_at_offense, law.value("cl.age.responsibility")
    if f.offender.type == "unit" or age is None or age >= lo:
        return Finding("criminal_responsibility", "cl.art17.p1", Tri.MET,
                       "criminally responsible" if age is None or age >= lo else "unit offender (CL 30)",
                       "应当负刑事责任", kind="element", params=("cl.age.responsibility",))
    return Finding("criminal_responsibility", "cl.art17.p2", Tri.NOT_MET,
                   f"aged {age} at the offence: under {lo}, no criminal responsibility for this offence",
                   f"犯罪时{age}周岁，不满十六周岁，对本罪不负刑事责任", kind="element", params=("cl.age.responsibility",))


def factors(f: Facts, law: Law, c: Circumstance, tier: str) -> list[Finding]:
    return [cl253_1_p2_duty_heavier(f, law), cl65_recidivist(f, law), cl61_prior_record(f, law),
            cl27_accomplice(f, law), cl28_coerced(f, law), cl17_p4_minor(f, law), cl17_1_elderly(f, law),
            cl67_p1_surrender(f, law, tier), cl67_p3_confession(f, law), cpl15_plea(f, law),
            cl68_meritorious(f, law), interp10_minor_circumstances(f, law, c), cl61_restitution(f, law)]


# ---------------------------------------------------------------------------------------------
# Possible range, suspension, fine


def possible_range(tier: str, rng: StatutoryRange | None, lower: StatutoryRange | None, fs: list[Finding],
                   responsible: bool, law: Law) -> tuple[dict, Finding]:
    """The range the court can reach after every mitigation the facts allow.

    减轻 (CL 63 ¶1) moves into the next lower range, so from 情节特别严重 down to 情节严重's range (where a
    fine alone is possible); 从轻 and 从重 stay inside the range (CL 62). A factor that *shall* mitigate or
    exempt and offers nothing else (CL 28) also lowers the ceiling to the next range.
    """
    rule, pid = "cl63_possible_range", "cl.art63.p1"
    if rng is None or not responsible:
        why = "no crime made out" if rng is None else "no criminal responsibility"
        return ({"min_months": 0, "max_months": 0, "exemption_possible": False, "non_prosecution_possible": False,
                 "fine_alone_possible": False, "moved_by": []},
                Finding(rule, pid, Tri.NOT_MET, f"possible range 0-0 months: {why}", "无刑罚", kind="frame"))
    active = [x for x in fs if x.met is Tri.MET]
    mitigating = [x for x in active if "mitigate" in x.values["effects"]]
    exempting = [x for x in active if "exempt" in x.values["effects"]]
    forced_down = [x for x in active if x.values["modality"] == "shall"
                   and set(x.values["effects"]) <= {"mitigate", "exempt"}]
    lo, hi, moved = rng.min_months, rng.max_months, []
    fine_alone = rng.fine_alone_possible
    if fine_alone:
        lo = 0
    if lower is not None and mitigating:
        lo = 0 if lower.fine_alone_possible else lower.min_months
        fine_alone = fine_alone or lower.fine_alone_possible
        moved += [x.rule for x in mitigating]
    if lower is not None and forced_down:
        hi = lower.max_months
        moved += [x.rule for x in forced_down if x.rule not in moved]
    exemption = bool(exempting)
    non_prosecution = any("non_prosecution" in x.values["effects"] for x in active)
    if exemption:
        lo = 0
        moved += [x.rule for x in exempting if x.rule not in moved]
    out = {"min_months": lo, "max_months": hi, "exemption_possible": exemption,
           "non_prosecution_possible": non_prosecution, "fine_alone_possible": fine_alone, "moved_by": moved}
    en = (f"possible range {lo}-{hi} months" + (" (0 = a fine alone)" if fine_alone and lo == 0 else "")
          + ("; exemption from punishment possible" if exemption else "")
          + (f"; moved by {', '.join(moved)}" if moved else "; no factor moves the statutory bounds"))
    zh = (f"可能的刑期范围{lo}至{hi}个月" + ("（0为单处罚金）" if fine_alone and lo == 0 else "")
          + ("；可以免除处罚" if exemption else ""))
    return out, Finding(rule, pid, Tri.MET, en, zh, kind="frame", values=out)


def suspension(tier: str, rng: StatutoryRange | None, possible: dict, f: Facts, responsible: bool,
               law: Law) -> tuple[dict, Finding]:
    """CL 72-74: only for detention or fixed-term up to three years; barred for recidivists and ringleaders."""
    rule, pid = "cl72_suspension", "cl.art72.p1"
    cap = law.value("cl.suspension.max_sentence_months")
    o = f.offender
    bars = []
    if o.recidivist:
        bars.append("recidivist (CL 74)")
    if o.ringleader:
        bars.append("ringleader of a criminal group (CL 74)")
    base = {"eligible": "no", "probation_min_months": None, "probation_max_months": None,
            "mandatory_if_conditions_met": False, "bars": bars, "conditions": []}
    if rng is None or not responsible:
        return base, Finding(rule, pid, Tri.NOT_MET, "no sentence to suspend", "无可缓刑的刑罚", kind="frame")
    if bars:
        return base, Finding("cl74_no_suspension", "cl.art74", Tri.NOT_MET, f"suspension excluded: {'; '.join(bars)}",
                             "对于累犯和犯罪集团的首要分子，不适用缓刑", kind="frame", values=base)
    if possible["min_months"] > cap:
        return base, Finding(rule, pid, Tri.NOT_MET, f"no sentence of {cap} months or less is possible",
                             "不可能判处三年以下有期徒刑或拘役", kind="frame")
    conditions = [
        {"provision": "cl.art72.p1.i1", "status": "for the court"},
        {"provision": "cl.art72.p1.i2", "status": {True: "shown", False: "not shown", None: "unknown"}[o.remorse]},
        {"provision": "cl.art72.p1.i3", "status": "for the court"},
        {"provision": "cl.art72.p1.i4", "status": "for the court"},
    ]
    reachable_only_at_cap = rng.min_months >= cap
    eligible = "yes" if (not reachable_only_at_cap and o.remorse) else "conditional"
    age = o.age_at_offense
    mandatory = age is not None and (age < law.value("cl.age.minor") or age >= law.value("cl.age.elderly"))
    detention = rng.detention_possible or (possible["min_months"] < rng.min_months)
    p = law.value
    pmin = p("cl.probation.detention.min_months") if detention else p("cl.probation.fixed_term.min_months")
    out = {"eligible": eligible, "probation_min_months": pmin, "probation_max_months": p("cl.probation.fixed_term.max_months"),
           "probation_detention": {"min_months": p("cl.probation.detention.min_months"),
                                   "max_months": p("cl.probation.detention.max_months")} if detention else None,
           "probation_fixed_term": {"min_months": p("cl.probation.fixed_term.min_months"),
                                    "max_months": p("cl.probation.fixed_term.max_months")},
           "probation_not_less_than_sentence": True,
           "mandatory_if_conditions_met": mandatory, "bars": [], "conditions": conditions}
    en = {"yes": f"suspension possible for a sentence of up to {cap} months, if the court finds the CL 72 conditions "
                 "(minor circumstances, no risk of re-offending, no major adverse community impact)",
          "conditional": (f"suspension only if the sentence is {cap} months exactly or mitigated below the range"
                          if reachable_only_at_cap
                          else "suspension possible only if remorse is shown and the court finds the other CL 72 conditions")}[eligible]
    if mandatory:
        en += (f"; for persons under {law.value('cl.age.minor')} or aged {law.value('cl.age.elderly')} or over "
               "it is mandatory once the conditions are met")
    zh = {"yes": "被判处拘役、三年以下有期徒刑的，符合条件的可以宣告缓刑",
          "conditional": "仅在判处三年有期徒刑或减轻处罚至三年以下时可以宣告缓刑" if reachable_only_at_cap
          else "须有悔罪表现并符合刑法第七十二条其他条件方可宣告缓刑"}[eligible]
    return out, Finding(rule, pid, Tri.MET if eligible == "yes" else Tri.UNDETERMINED, en, zh, kind="frame", values=out,
                        params=("cl.suspension.max_sentence_months", "cl.probation.detention.min_months",
                                "cl.probation.detention.max_months", "cl.probation.fixed_term.min_months",
                                "cl.probation.fixed_term.max_months"))


def fine(tier: str, rng: StatutoryRange | None, f: Facts, responsible: bool, law: Law) -> tuple[dict, Finding]:
    """CL 253-1 ¶1 (并处或者单处 / 并处), CL 52, Interp. Art. 12 (一般 1-5 times the illegal income)."""
    rule = "interp12_fine"
    unit = f.offender.type == "unit"
    if rng is None or not responsible:
        return ({"required": "none", "guidance_min_yuan": None, "guidance_max_yuan": None, "binding": False,
                 "unit_fine": False}, Finding(rule, "interp2017.art12", Tri.NOT_MET, "no fine: no crime made out",
                                              "无罚金", kind="frame"))
    income = f.illegal_income
    lo_m, hi_m = law.value("interp2017.fine.min_multiple"), law.value("interp2017.fine.max_multiple")
    out = {"required": rng.fine, "fine_alone_possible": rng.fine_alone_possible,
           "guidance_min_yuan": None, "guidance_max_yuan": None, "binding": False, "unit_fine": unit,
           "basis": ["cl.art253-1.p1", "cl.art52", "interp2017.art12"] + (["cl.art253-1.p4", "interp2017.art7"] if unit else [])}
    if income:
        out["guidance_min_yuan"] = str(income * lo_m)
        out["guidance_max_yuan"] = str(income * hi_m)
        en = (f"fine {rng.fine}; guidance {lo_m}-{hi_m} times the illegal income = {income * lo_m:,}-{income * hi_m:,} yuan "
              "(「一般」: guidance, not a bound)")
        zh = f"罚金数额一般在违法所得的一倍以上五倍以下：{income * lo_m:,}至{income * hi_m:,}元"
    else:
        en = f"fine {rng.fine}; no illegal income established, so Art. 12 gives no figure (amount by the circumstances, CL 52)"
        zh = "违法所得未查明，罚金数额根据犯罪情节决定"
    if unit:
        en += "; the unit itself is fined (CL 253-1 ¶4, Interp. Art. 7)"
        zh += "；对单位判处罚金"
    return out, Finding(rule, "interp2017.art12", Tri.MET, en, zh, kind="frame", values=out,
                        params=("interp2017.fine.min_multiple", "interp2017.fine.max_multiple"))

