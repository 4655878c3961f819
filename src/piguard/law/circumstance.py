"""情节严重 / 情节特别严重: one function per item of Interp. Arts. 5 and 6.

Each rule is pure: facts and law data in, a cited :class:`Finding` out. Thresholds are inclusive
(CL Art. 99: 「本法所称以上、以下、以内，包括本数。」) and compared as exact fractions, so the halved
standard of item (8) and the proportional sum of item (6) never round.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from piguard.law.facts import Facts
from piguard.law.provisions import Law
from piguard.law.result import Finding, Tri

ITEM3, ITEM4, ITEM5 = "interp2017.art5.p1.i3", "interp2017.art5.p1.i4", "interp2017.art5.p1.i5"
QUANTITY_ITEMS = (ITEM3, ITEM4, ITEM5)
STANDARD_PARAMS = {ITEM3: "interp2017.pieces.item3", ITEM4: "interp2017.pieces.item4",
                   ITEM5: "interp2017.pieces.item5"}
INCOME_PARAM = "interp2017.income.item7"
HALF, TENFOLD = "interp2017.duty.fraction", "interp2017.especially.multiple"


# ---------------------------------------------------------------------------------------------
# Quantities


@dataclass(frozen=True)
class Quantities:
    """Pieces summed by the item whose standard applies to them, and the illegal income."""

    by_item: dict[str, int]
    income: Decimal | None
    art6_general: int = 0          # general pieces governed by Art. 6 instead of Art. 5

    @staticmethod
    def of(f: Facts, law: Law, art6_general: bool = False) -> "Quantities":
        by_item = {item: 0 for item in QUANTITY_ITEMS}
        governed_by_art6 = 0
        for key, count in f.pieces.as_dict().items():
            item = law.categories[key].item
            if art6_general and item == ITEM5:
                governed_by_art6 += count
                continue
            by_item[item] += count
        return Quantities(by_item, f.illegal_income, governed_by_art6)


@dataclass(frozen=True)
class Standard:
    """The standards of items (3)-(7) scaled by a factor (½ for item (8), ×10 for ¶2(3))."""

    factor: Fraction
    pieces: dict[str, Fraction]
    income: Fraction
    params: tuple[str, ...]

    @staticmethod
    def scaled(law: Law, *factor_params: str) -> "Standard":
        factor = Fraction(1)
        for pid in factor_params:
            factor *= Fraction(law.value(pid))
        pieces = {item: Fraction(law.value(pid)) * factor for item, pid in STANDARD_PARAMS.items()}
        return Standard(factor, pieces, Fraction(law.value(INCOME_PARAM)) * factor,
                        tuple(STANDARD_PARAMS.values()) + (INCOME_PARAM,) + factor_params)

    def ratio(self, q: Quantities) -> Fraction:
        """Item (6): the proportional sum Σ pieces / standard, exact."""
        return sum((Fraction(q.by_item[i]) / self.pieces[i] for i in QUANTITY_ITEMS), Fraction(0))


def _fmt(x: Fraction | Decimal | int) -> str:
    """Exact figures for explanations: 2,500 · 473/625 (≈0.7568) · 3,498.5."""
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return f"{x.numerator:,}"
        return f"{x.numerator}/{x.denominator} (≈{float(x):.4g})"
    if isinstance(x, int):
        return f"{x:,}"
    return f"{x:,f}".rstrip("0").rstrip(".") if "." in f"{x:f}" else f"{x:,f}"


def _factor(s: Standard) -> str:
    f = s.factor
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def _scale_en(s: Standard) -> str:
    return "" if s.factor == 1 else f" (standard × {_factor(s)})"


def _scale_zh(s: Standard) -> str:
    return "" if s.factor == 1 else f"（标准×{_factor(s)}）"


def _pieces_test(item: str, q: Quantities, s: Standard, law: Law, rule: str) -> Finding:
    n, t = q.by_item[item], s.pieces[item]
    met = Tri.of(n >= t)
    names = "、".join(c.zh for c in law.categories.values() if c.item == item)
    return Finding(rule, item, met,
                   f"{n:,} pieces in this group vs. standard {_fmt(t)}{_scale_en(s)}: "
                   f"{'reached' if met is Tri.MET else 'not reached'}",
                   f"{names}共{n:,}条，标准{_fmt(t)}条{_scale_zh(s)}：{'达到' if met is Tri.MET else '未达到'}",
                   values={"pieces": n, "standard": _fmt(t), "factor": _factor(s)}, params=s.params)


def _combination_test(q: Quantities, s: Standard, rule: str, provision: str) -> Finding:
    ratio = s.ratio(q)
    individually = [i for i in QUANTITY_ITEMS if q.by_item[i] >= s.pieces[i]]
    if individually and s.factor <= 1:
        return Finding(rule, provision, Tri.NOT_MET,
                       "not needed: an individual quantity standard is already reached",
                       "单项数量已达标准，无需按比例合计", values={"ratio": _fmt(ratio)}, params=s.params)
    met = Tri.of(ratio >= 1)
    parts = " + ".join(f"{q.by_item[i]:,}/{_fmt(s.pieces[i])}" for i in QUANTITY_ITEMS if q.by_item[i])
    return Finding(rule, provision, met,
                   f"proportional sum {parts or '0'} = {_fmt(ratio)}{_scale_en(s)}: "
                   f"{'≥ 1, reached' if met is Tri.MET else '< 1, not reached'}",
                   f"按比例合计 {parts or '0'} = {_fmt(ratio)}{_scale_zh(s)}：{'达到' if met is Tri.MET else '未达到'}有关数量标准",
                   values={"ratio": _fmt(ratio), "exact": f"{ratio.numerator}/{ratio.denominator}"},
                   params=s.params + ("interp2017.combination.item6",))


def _income_test(q: Quantities, s: Standard, rule: str, provision: str) -> Finding:
    if q.income is None:
        return Finding(rule, provision, Tri.UNDETERMINED, "illegal income unknown", "违法所得数额不明",
                       params=s.params)
    met = Tri.of(Fraction(q.income) >= s.income)
    return Finding(rule, provision, met,
                   f"illegal income {_fmt(q.income)} yuan vs. standard {_fmt(s.income)} yuan{_scale_en(s)}: "
                   f"{'reached' if met is Tri.MET else 'not reached'}",
                   f"违法所得{_fmt(q.income)}元，标准{_fmt(s.income)}元{_scale_zh(s)}：{'达到' if met is Tri.MET else '未达到'}",
                   values={"illegal_income": _fmt(q.income), "standard": _fmt(s.income)}, params=s.params)


def _standards_3_to_7(q: Quantities, s: Standard, law: Law, prefix: str) -> list[Finding]:
    return [_pieces_test(ITEM3, q, s, law, f"{prefix}_i3"), _pieces_test(ITEM4, q, s, law, f"{prefix}_i4"),
            _pieces_test(ITEM5, q, s, law, f"{prefix}_i5"),
            _combination_test(q, s, f"{prefix}_i6", "interp2017.art5.p1.i6"),
            _income_test(q, s, f"{prefix}_i7", "interp2017.art5.p1.i7")]


# ---------------------------------------------------------------------------------------------
# Interp. Art. 5 ¶1 — 情节严重


def _said(rule: str, pid: str, met: Tri, en: tuple[str, str, str], zh: tuple[str, str, str], **kw) -> Finding:
    """A finding whose reason is chosen by its outcome: texts are (met, not met, undetermined)."""
    i = (Tri.MET, Tri.NOT_MET, Tri.UNDETERMINED).index(met)
    return Finding(rule, pid, met, en[i], zh[i], **kw)


def _needs_sale(f: Facts, rule: str, pid: str) -> Finding | None:
    if f.sells_or_provides:
        return None
    return Finding(rule, pid, Tri.NOT_MET, "requires selling or providing; the acts are obtaining only",
                   "本项要求出售或者提供，本案仅为获取")


def art5_p1_i1_whereabouts_used_in_crime(f: Facts, law: Law) -> Finding:
    rule, pid = "art5_p1_i1_whereabouts_used_in_crime", "interp2017.art5.p1.i1"
    return _needs_sale(f, rule, pid) or _said(
        rule, pid, Tri.of(f.whereabouts_used_in_crime),
        ("whereabouts information sold/provided was used by others to commit a crime",
         "no finding that sold/provided whereabouts information was used in a crime",
         "unknown whether the whereabouts information was used in a crime"),
        ("出售或者提供的行踪轨迹信息被他人用于犯罪", "无行踪轨迹信息被他人用于犯罪的事实", "行踪轨迹信息是否被用于犯罪不明"))


def art5_p1_i2_knew_recipient_criminal(f: Facts, law: Law) -> Finding:
    rule, pid = "art5_p1_i2_knew_recipient_criminal", "interp2017.art5.p1.i2"
    return _needs_sale(f, rule, pid) or _said(
        rule, pid, Tri.of(f.knew_recipient_criminal),
        ("sold/provided to a person known (or who should have been known) to use it for crime",
         "no finding that the recipient was known to use the information for crime",
         "unknown whether the offender knew of the recipient's criminal use"),
        ("明知或者应知他人利用公民个人信息实施犯罪而出售、提供", "无明知他人利用信息犯罪的事实", "是否明知他人利用信息犯罪不明"))


def art5_p1_i3_to_i7_quantities(f: Facts, law: Law, q: Quantities) -> list[Finding]:
    """Items (3) 50, (4) 500, (5) 5,000 pieces, (6) proportional sum, (7) 5,000 yuan."""
    return _standards_3_to_7(q, Standard.scaled(law), law, "art5_p1")


def art5_p1_i8_duty_or_service_half(f: Facts, law: Law, q: Quantities) -> tuple[Finding, list[Finding]]:
    """Item (8): information obtained in duties or services and sold/provided — half of items (3)-(7)."""
    pid = "interp2017.art5.p1.i8"
    rule = "art5_p1_i8_duty_or_service_half"
    if not f.sells_or_provides:
        return Finding(rule, pid, Tri.NOT_MET, "requires selling or providing the duty/service information",
                       "本项要求将履职、服务中获得的信息出售或者提供给他人", params=(HALF,)), []
    if f.offender.duty_or_service is False:
        return Finding(rule, pid, Tri.NOT_MET, "the information was not obtained while performing duties or providing services",
                       "信息并非在履行职责或者提供服务过程中获得", params=(HALF,)), []
    subs = _standards_3_to_7(q, Standard.scaled(law, HALF), law, "art5_p1_i8")
    reached = Tri.any(s.met for s in subs)
    met = Tri.all([reached, Tri.of(f.offender.duty_or_service)])
    which = ", ".join(law.provision(s.provision).cite_en for s in subs if s.met is Tri.MET)
    en = (f"duty/service information sold or provided; half standard reached under {which}" if reached is Tri.MET
          else "duty/service information sold or provided, but no half standard is reached")
    if f.offender.duty_or_service is None and reached is Tri.MET:
        en = f"a half standard is reached ({which}) but whether the information was obtained in duties or services is unknown"
    zh = {Tri.MET: "将履职、服务中获得的信息出售、提供，数量或者数额达到标准一半以上",
          Tri.NOT_MET: "数量或者数额未达到第三项至第七项标准的一半",
          Tri.UNDETERMINED: "达到标准一半，但信息是否在履职、服务中获得不明"}[met]
    return Finding(rule, pid, met, en, zh, params=(HALF,)), subs


def _prior_punishment(f: Facts) -> Tri:
    o = f.offender
    return Tri.any([Tri.of(o.prior_pi_criminal_punishment), Tri.of(o.pi_admin_penalty_within_2y)])


def art5_p1_i9_repeat_offender(f: Facts, law: Law) -> Finding:
    return _said("art5_p1_i9_repeat_offender", "interp2017.art5.p1.i9", _prior_punishment(f),
                 ("offends again after criminal punishment, or an administrative penalty within two years, for infringing personal information",
                  "no prior criminal punishment or recent administrative penalty for infringing personal information",
                  "prior punishment for infringing personal information unknown"),
                 ("曾因侵犯公民个人信息受过刑事处罚或者二年内受过行政处罚，又实施本罪行为",
                  "无侵犯公民个人信息的刑事处罚或二年内行政处罚记录", "前科及行政处罚情况不明"),
                 params=("interp2017.art5.admin_penalty_window",))


def art5_p1_i10_catch_all(f: Facts, law: Law) -> Finding:
    return Finding("art5_p1_i10_catch_all", "interp2017.art5.p1.i10", Tri.UNDETERMINED,
                   "catch-all (其他情节严重的情形): never fires by itself; reserved for the court",
                   "兜底条款：不单独适用，由法院认定", catch_all=True)


# ---------------------------------------------------------------------------------------------
# Interp. Art. 5 ¶2 — 情节特别严重


def art5_p2_i1_grave_consequences(f: Facts, law: Law) -> Finding:
    met = Tri.UNDETERMINED if f.consequences is None else Tri.of(bool(f.consequences))
    listed = ", ".join(f.consequences or [])
    return _said("art5_p2_i1_grave_consequences", "interp2017.art5.p2.i1", met,
                 (f"serious consequences to victims: {listed}",
                  "no death, serious injury, mental disorder or kidnapping of a victim", "consequences to victims unknown"),
                 (f"造成被害人严重后果：{listed}", "未造成被害人死亡、重伤、精神失常或者被绑架等严重后果", "对被害人造成的后果不明"),
                 values={"consequences": list(f.consequences or [])})


def art5_p2_i2_loss_or_impact(f: Facts, law: Law) -> Finding:
    return _said("art5_p2_i2_loss_or_impact", "interp2017.art5.p2.i2",
                 Tri.any([Tri.of(f.major_economic_loss), Tri.of(f.adverse_social_impact)]),
                 ("major economic loss or vile social impact", "no major economic loss or vile social impact",
                  "economic loss or social impact unknown"),
                 ("造成重大经济损失或者恶劣社会影响", "未造成重大经济损失或者恶劣社会影响", "经济损失或社会影响不明"))


def art5_p2_i3_tenfold(f: Facts, law: Law, q: Quantities, duty: Finding) -> tuple[Finding, list[Finding]]:
    """¶2(3): ten times the standards of ¶1 items (3)-(8) — so also ten times the halved item (8) standards."""
    pid = "interp2017.art5.p2.i3"
    subs = _standards_3_to_7(q, Standard.scaled(law, TENFOLD), law, "art5_p2_i3_x10")
    met = Tri.any(s.met for s in subs)
    if duty.met is not Tri.NOT_MET and f.sells_or_provides:
        halved = _standards_3_to_7(q, Standard.scaled(law, HALF, TENFOLD), law, "art5_p2_i3_x10_i8")
        duty_reached = Tri.all([Tri.any(s.met for s in halved), Tri.of(f.offender.duty_or_service)])
        subs += halved
        met = Tri.any([met, duty_reached])
    which = ", ".join(f"{law.provision(s.provision).cite_en}×{s.values.get('factor', '')}" for s in subs if s.met is Tri.MET)
    return _said("art5_p2_i3_tenfold", pid, met,
                 (f"quantity or amount reaches ten times the standard ({which})",
                  "no quantity or amount reaches ten times the standards of items (3)-(8)",
                  "ten times the halved standard is reached, but whether the information was obtained "
                  "in duties or services is unknown"),
                 ("数量或者数额达到第三项至第八项规定标准十倍以上", "数量或者数额未达到标准十倍",
                  "达到减半标准的十倍，但信息是否在履职、服务中获得不明"),
                 params=(TENFOLD,)), subs


def art5_p2_i4_catch_all(f: Facts, law: Law) -> Finding:
    return Finding("art5_p2_i4_catch_all", "interp2017.art5.p2.i4", Tri.UNDETERMINED,
                   "catch-all (其他情节特别严重的情形): never fires by itself; reserved for the court",
                   "兜底条款：不单独适用，由法院认定", catch_all=True)


# ---------------------------------------------------------------------------------------------
# Interp. Art. 6 — buying for lawful business


def art6_applies(f: Facts, law: Law) -> Finding:
    """Art. 6 governs only buying/receiving of information outside items (3)-(4), for lawful business,
    not followed by selling or providing (¶2 sends that back to Art. 5)."""
    rule, pid = "art6_applies", "interp2017.art6.p1"
    if not f.purpose_lawful_business:
        return Finding(rule, pid, Tri.NOT_MET, "not alleged that the information was bought for lawful business",
                       "未主张为合法经营活动而购买、收受", kind="element")
    if f.sells_or_provides:
        return Finding(rule, "interp2017.art6.p2", Tri.NOT_MET,
                       "bought for lawful business but then sold or provided: Art. 5 standards apply (Art. 6 ¶2)",
                       "为合法经营购买后又出售或者提供，适用本解释第五条的规定", kind="element")
    q = Quantities.of(f, law)
    sensitive = q.by_item[ITEM3] + q.by_item[ITEM4]
    general = q.by_item[ITEM5]
    if general == 0:
        return Finding(rule, pid, Tri.NOT_MET,
                       "Art. 6 covers only information outside items (3)-(4); all pieces here are item (3)/(4) information, so Art. 5 applies",
                       "第六条仅适用于第五条第一款第三项、第四项以外的信息，本案信息均属第三项、第四项，适用第五条", kind="element")
    en = "bought or received for lawful business only: the 'other' personal information is judged by Art. 6"
    zh = "为合法经营活动而非法购买、收受第三项、第四项以外的公民个人信息，适用第六条"
    if sensitive:
        en += f"; the {sensitive:,} item (3)/(4) pieces remain under Art. 5"
        zh += f"；其中{sensitive:,}条第三项、第四项信息仍适用第五条"
    return Finding(rule, pid, Tri.MET, en, zh, kind="element", values={"art6_pieces": general, "art5_pieces": sensitive})


def art6_p1_i1_profit(f: Facts, law: Law) -> Finding:
    pid, param = "interp2017.art6.p1.i1", "interp2017.art6.profit"
    standard = law.value(param)
    if f.business_profit is None:
        return Finding("art6_p1_i1_profit", pid, Tri.UNDETERMINED, "profit from using the information unknown",
                       "利用信息获利数额不明", params=(param,))
    met = Tri.of(f.business_profit >= standard)
    return Finding("art6_p1_i1_profit", pid, met,
                   f"profit {_fmt(f.business_profit)} yuan vs. standard {standard:,} yuan: {'reached' if met is Tri.MET else 'not reached'}",
                   f"获利{_fmt(f.business_profit)}元，标准{standard:,}元：{'达到' if met is Tri.MET else '未达到'}",
                   values={"business_profit": _fmt(f.business_profit), "standard": standard}, params=(param,))


def art6_p1_i2_repeat(f: Facts, law: Law) -> Finding:
    return _said("art6_p1_i2_repeat", "interp2017.art6.p1.i2", _prior_punishment(f),
                 ("buys again after criminal punishment, or an administrative penalty within two years",
                  "no prior punishment for infringing personal information", "prior punishment unknown"),
                 ("曾受过刑事处罚或者二年内受过行政处罚，又非法购买、收受", "无相关处罚记录", "前科及行政处罚情况不明"))


def art6_p1_i3_catch_all(f: Facts, law: Law) -> Finding:
    return Finding("art6_p1_i3_catch_all", "interp2017.art6.p1.i3", Tri.UNDETERMINED,
                   "catch-all (其他情节严重的情形): never fires by itself; reserved for the court",
                   "兜底条款：不单独适用，由法院认定", catch_all=True)


# ---------------------------------------------------------------------------------------------
# The tier


@dataclass(frozen=True)
class Circumstance:
    tier: str                     # none | serious | especially_serious | undetermined
    at_least: str                 # none | serious | especially_serious
    at_most: str
    regime: str                   # art5 | art6
    serious: Tri
    especially: Tri
    grounds: list[Finding]        # every item considered, in statutory order
    details: list[Finding]        # the sub-tests behind items (8) and ¶2(3)


def evaluate(f: Facts, law: Law) -> Circumstance:
    """Evaluate every item of Art. 5 (and Art. 6 where it governs) and derive the tier."""
    art6 = art6_applies(f, law)
    art6_governs = art6.met is Tri.MET
    q = Quantities.of(f, law, art6_general=art6_governs)
    quantities = art5_p1_i3_to_i7_quantities(f, law, q)
    duty, duty_subs = art5_p1_i8_duty_or_service_half(f, law, q)
    p1 = [art5_p1_i1_whereabouts_used_in_crime(f, law), art5_p1_i2_knew_recipient_criminal(f, law), *quantities,
          duty, art5_p1_i9_repeat_offender(f, law), art5_p1_i10_catch_all(f, law)]
    tenfold, tenfold_subs = art5_p2_i3_tenfold(f, law, q, duty)
    p2 = [art5_p2_i1_grave_consequences(f, law), art5_p2_i2_loss_or_impact(f, law), tenfold,
          art5_p2_i4_catch_all(f, law)]
    grounds = [art6, *p1]
    serious = Tri.any(g.met for g in p1 if not g.catch_all)
    if art6_governs:
        a6 = [art6_p1_i1_profit(f, law), art6_p1_i2_repeat(f, law), art6_p1_i3_catch_all(f, law)]
        grounds += a6
        serious = Tri.any([serious, *(g.met for g in a6 if not g.catch_all)])
    grounds += p2
    especially = Tri.any(g.met for g in p2 if not g.catch_all)
    if especially is Tri.MET:
        tier, lo, hi = "especially_serious", "especially_serious", "especially_serious"
    elif especially is Tri.UNDETERMINED:
        tier, lo, hi = "undetermined", ("serious" if serious is Tri.MET else "none"), "especially_serious"
    elif serious is Tri.MET:
        tier, lo, hi = "serious", "serious", "serious"
    elif serious is Tri.UNDETERMINED:
        tier, lo, hi = "undetermined", "none", "serious"
    else:
        tier, lo, hi = "none", "none", "none"
    return Circumstance(tier, lo, hi, "art6" if art6_governs else "art5", serious, especially, grounds,
                        duty_subs + tenfold_subs)
