"""What a case report says, built once from a scan result and an assessment and rendered as HTML or PDF.

Nothing here decides law: the thresholds, tiers and reasons come from the assessment's trace (each
with its provision), the category labels from the law data, the counts from the scan. The model holds
masked values only, unless the report is made with ``reveal`` from a scan that kept its values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from typing import Any

from piguard import __version__
from piguard.law.provisions import load_law

GAUGE_TIER = {"zh": {"serious": "严重", "especially_serious": "特别严重"},
              "en": {"serious": "serious", "especially_serious": "esp. serious"}}
TIER = {"zh": {"none": "未达“情节严重”", "serious": "情节严重", "especially_serious": "情节特别严重",
               "undetermined": "尚不能确定"},
        "en": {"none": "below “serious circumstances”", "serious": "serious circumstances (情节严重)",
               "especially_serious": "especially serious circumstances (情节特别严重)", "undetermined": "undetermined"}}
SUSPENSION = {"zh": {"yes": "可以适用缓刑", "no": "不得适用缓刑", "conditional": "视宣告刑而定", "undetermined": "尚不能确定"},
              "en": {"yes": "possible", "no": "not possible", "conditional": "depends on the sentence imposed",
                     "undetermined": "undetermined"}}
SUIT_ZH = {"possible": "可以提起", "for the court": "由法院认定", "unlikely": "不大可能"}
EXCLUSION = {
    "duplicate": ("重复信息（《解释》第十一条第三款）", "duplicates (Interp. Art. 11 ¶3)"),
    "invalid": ("虚假信息：校验失败或占位值（《解释》第十一条第三款）", "untrue: failed check or placeholder (Interp. Art. 11 ¶3)"),
    "masked": ("已脱敏，不能识别特定自然人", "masked: identifies no one"),
    "not_identifying": ("不能识别特定自然人", "identifies no natural person"),
    "blank": ("空白记录，不含任何信息", "blank: no field holds a value"),
    "obtained_then_sold": ("获取后又出售、提供，不重复计算（《解释》第十一条第一款）",
                           "obtained then sold or provided: counted once (Interp. Art. 11 ¶1)"),
}
# the trace rows whose values give a gauge: (serious row, especially serious row) per quantity item,
# in the ordinary case and where item (8) halves the standards (information from duty or service)
GAUGE_ROWS = {
    "i3": (("art5_p1_i3", "art5_p2_i3_x10_i3"), ("art5_p1_i8_i3", "art5_p2_i3_x10_i8_i3")),
    "i4": (("art5_p1_i4", "art5_p2_i3_x10_i4"), ("art5_p1_i8_i4", "art5_p2_i3_x10_i8_i4")),
    "i5": (("art5_p1_i5", "art5_p2_i3_x10_i5"), ("art5_p1_i8_i5", "art5_p2_i3_x10_i8_i5")),
    "i6": (("art5_p1_i6", "art5_p2_i3_x10_i6"), ("art5_p1_i8_i6", "art5_p2_i3_x10_i8_i6")),
    "i7": (("art5_p1_i7", "art5_p2_i3_x10_i7"), ("art5_p1_i8_i7", "art5_p2_i3_x10_i8_i7")),
}
MARKS = {"met": "●", "not_met": "○", "undetermined": "?"}     # glyphs the bundled font has
HALVING_ROW = "art5_p1_i8_duty_or_service_half"
SECTION_KINDS = ("element", "ground", "detail", "frame", "factor", "contested", "civil", "administrative",
                 "data_protection", "related_offence", "flag")


@dataclass(frozen=True)
class Gauge:
    """A count against its two thresholds (serious, especially serious); ``value`` None when unknown."""

    key: str
    label: str
    provision: str
    value: Fraction | None
    serious: Fraction
    especially: Fraction
    unit: str                                   # pieces | yuan | ratio
    parts: tuple[tuple[str, int], ...] = ()     # (category label, pieces) for the quantity items
    halved: bool = False
    note: str = ""

    @property
    def level(self) -> str:
        if self.value is None:
            return "unknown"
        if self.value >= self.especially:
            return "especially_serious"
        return "serious" if self.value >= self.serious else "none"


UNITS = {"zh": {"row": "行", "line": "文本行", "paragraph": "段", "object": "对象"},
         "en": {"row": "rows", "line": "lines", "paragraph": "paragraphs", "object": "objects"}}


@dataclass
class Report:
    lang: str
    title: str
    case: str | None
    revealed: bool
    made: str
    scan_made: str | None
    versions: dict[str, str]
    facts_source: str | None
    conclusion: list[tuple[str, str]]          # (label, text)
    circumstance: str
    headline: str
    gauges: list[Gauge]
    contested_verdict: str | None
    contested: list[dict]
    inputs: list[dict]
    records: int
    pieces: list[tuple[str, str, int]]         # (key, label, count)
    pieces_total: int
    persons: int
    types: list[tuple[str, str, int]]          # (kind, status, count)
    exclusions: list[tuple[str, str, int]]     # (key, explanation, count)
    samples: list[tuple[str, list[dict]]]      # (category label, samples)
    reasoning: list[tuple[str, list[dict]]]    # (section label, trace rows)
    partial: bool
    notes: list[str] = field(default_factory=list)

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def unit_of(self, i: dict) -> str:
        """What a record of an input is, in the report's language (行 / 段 …; empty when unknown)."""
        return UNITS[self.lang].get(i.get("unit") or "", "")


def law_version() -> str:
    """The law data's identity: a digest of its files (any change of text or parameter changes it)."""
    h = hashlib.sha256()
    folder = resources.files("piguard.law.data")
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml")):
        h.update(name.encode())
        h.update(folder.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def _number(text: Any) -> Fraction | None:
    if text is None:
        return None
    m = re.match(r"\s*([0-9,]+(?:\.[0-9]+)?)(?:/([0-9,]+))?", str(text))
    if not m:
        return None
    num = Fraction(m.group(1).replace(",", ""))
    return num / Fraction(m.group(2).replace(",", "")) if m.group(2) else num


def _gauges(a: dict, scan: dict, lang: str, income_alleged: bool = True) -> list[Gauge]:
    law = load_law()
    rows = {x["rule"]: x for x in a["trace"]}
    halved = rows.get(HALVING_ROW, {}).get("met") == "met"
    zh = lang == "zh"
    out = []
    for key, (plain, half) in GAUGE_ROWS.items():
        s_rule, e_rule = half if halved else plain
        s, e = rows.get(s_rule), rows.get(e_rule)
        if s is None or e is None:
            continue
        provision = f"interp2017.art5.p1.{key}"
        cite = law.provision(provision).cite_zh if zh else law.provision(provision).cite_en
        if key == "i7":
            value = _number(s["values"].get("illegal_income")) if income_alleged else None
            g = Gauge(key, ("违法所得" if zh else "Illegal income") + f" · {cite}", provision, value,
                      _number(s["values"].get("standard")), _number(e["values"].get("standard")), "yuan", halved=halved,
                      note="" if value is not None else ("违法所得未主张或未查明" if zh else "illegal income not alleged or not established"))
            if g.serious is None:
                continue
        elif key == "i6":
            ratio = _number(s["values"].get("ratio"))
            if ratio is None or ratio == 0:
                continue
            # item (6): the shares of items (3)-(5) add up; 1 = the serious standard, ×10 the especially serious
            esp = _number(e["values"].get("exact") or e["values"].get("ratio"))
            multiple = ratio / esp if esp else Fraction(10)
            g = Gauge(key, ("各项按比例合计" if zh else "Items (3)-(5) combined") + f" · {cite}", provision, ratio,
                      Fraction(1), multiple, "ratio", halved=halved)
        else:
            cats = [(c.zh if zh else c.en, scan["pieces"].get(c.key, 0)) for c in law.categories.values()
                    if c.item == provision and scan["pieces"].get(c.key)]
            g = Gauge(key, cite, provision, Fraction(s["values"].get("pieces", 0)), _number(s["values"]["standard"]),
                      _number(e["values"]["standard"]), "pieces", tuple(cats), halved)
        out.append(g)
    # a quantity item without pieces says nothing; item (6) matters only when two items have pieces
    nonzero = sum(1 for g in out if g.unit == "pieces" and g.value)
    return [g for g in out if (g.unit != "pieces" or g.value) and (g.unit != "ratio" or nonzero >= 2)]


def _conclusion(a: dict, lang: str) -> list[tuple[str, str]]:
    zh = lang == "zh"
    lines = [(("情节" if zh else "Circumstance"), TIER[lang].get(a["circumstance"], a["circumstance"]))]
    sr = a.get("statutory_range")
    if sr:
        lines.append((("法定刑幅度" if zh else "Statutory range"),
                      f"{sr['min_months']}–{sr['max_months']} " + ("个月" if zh else "months") +
                      (("，可以拘役" if zh else "; detention possible") if sr.get("detention_possible") else "") +
                      (("，可以单处罚金" if zh else "; a fine alone possible") if sr.get("fine_alone_possible") else "")
                      + f"（{sr['provision']}）"))
    pr = a.get("possible_range")
    if pr:
        moved = ", ".join(pr.get("moved_by") or []) or ("无从轻、减轻调整" if zh else "no mitigation applied")
        lines.append((("可能的刑期" if zh else "Possible range"),
                      f"{pr['min_months']}–{pr['max_months']} " + ("个月" if zh else "months") + f"（{moved}）"))
    su = a.get("suspension")
    if su:
        lines.append((("缓刑" if zh else "Suspension"), SUSPENSION[lang].get(su["eligible"], su["eligible"])))
    fine = a.get("fine")
    if fine and fine.get("guidance_min_yuan"):
        lines.append((("罚金参考" if zh else "Fine guidance"),
                      f"{int(Fraction(fine['guidance_min_yuan'])):,}–{int(Fraction(fine['guidance_max_yuan'])):,} "
                      + ("元" if zh else "yuan") + f"（{', '.join(fine.get('basis', []))}）"))
    civil = a.get("civil")
    if civil:
        remedies = "; ".join(r["remedy"] + f" ({', '.join(r['basis'])})" for r in civil.get("remedies", []))
        lines.append((("民事责任" if zh else "Civil"),
                      (("公益诉讼：" if zh else "public-interest suit: ")
                       + (SUIT_ZH.get(civil.get("public_interest_suit"), str(civil.get("public_interest_suit"))) if zh
                          else str(civil.get("public_interest_suit")))
                       + (f"; {remedies}" if remedies else ""))))
    adm = a.get("administrative")
    lines.append((("行政责任" if zh else "Administrative"),
                  _administrative(adm, zh) if adm else ("未主张为个人信息处理者（单位）" if zh else "no processing unit alleged")))
    return lines


def _administrative(adm: dict, zh: bool) -> str:
    parts = []
    for k, v in adm.items():
        if isinstance(v, (str, int, float)) and v not in ("", None):
            parts.append(f"{k}: {v}")
    return "; ".join(parts) or ("见推理部分" if zh else "see the reasoning")


def _reasoning(a: dict, lang: str) -> list[tuple[str, list[dict]]]:
    from piguard.report.assessment import LABELS

    labels = LABELS[lang]
    out = []
    for kind in SECTION_KINDS:
        rows = [x for x in a["trace"] if x["kind"] == kind]
        if rows:
            label = labels.get(kind + "s", labels.get(kind, kind)) if kind != "ground" else labels["grounds"]
            out.append((label, rows))
    return out


def build(scan: dict, a: dict, lang: str = "zh", reveal: bool = False, facts_source: str | None = None,
          now: dt.datetime | None = None, income_alleged: bool = True) -> Report:
    """The report of one case. ``a`` is ``Assessment.to_json_dict()`` of the facts with the scan's
    counts (or of the scan's own facts block when no facts file was given)."""
    law = load_law()
    zh = lang == "zh"
    revealed = bool(reveal and scan.get("revealed"))
    notes = []
    if reveal and not scan.get("revealed"):
        notes.append("该扫描结果只记录了脱敏值（扫描时未使用 --reveal），报告中无未脱敏信息。" if zh else
                     "The scan kept masked values only (it was not run with --reveal); this report holds no unmasked value.")
    if facts_source is None:
        notes.append("未提供案件事实文件：结论仅以扫描计数（非法获取）为据，违法所得、身份、量刑情节等均按未主张处理。" if zh else
                     "No facts file: the conclusion rests on the scanned counts alone (obtaining); income, the offender "
                     "and sentencing factors are treated as not alleged.")
    cat_label = {c.key: (c.zh if zh else c.en) for c in law.categories.values()}
    samples = []
    for key, items in scan.get("samples", {}).items():
        shown = []
        for s in items:
            values = s.get("revealed") if revealed and s.get("revealed") else s["values"]
            shown.append({"where": s["where"], "values": values, "basis": s.get("basis", [])})
        samples.append((cat_label.get(key, key), shown))
    types = []
    for k, n in scan.get("types", {}).items():
        kind, _, status = k.partition("/")
        types.append((kind, status, n))
    contested = a.get("contested") or {}
    return Report(
        lang=lang,
        title="侵犯公民个人信息案件分析报告" if zh else "Personal information case report",
        case=a.get("case"),
        revealed=revealed,
        made=(now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        scan_made=scan.get("created"),
        versions={"piguard": __version__, "law data": law_version(), "assessment": a.get("schema", ""),
                  "scan": scan.get("schema", "")},
        facts_source=facts_source,
        conclusion=_conclusion(a, lang),
        circumstance=a["circumstance"],
        headline=a["conclusion"][lang],
        gauges=_gauges(a, scan, lang, income_alleged),
        contested_verdict=contested.get("verdict_zh" if zh else "verdict") if contested.get("readings") else None,
        contested=[{"assuming": r.get("assuming_zh" if zh else "assuming"), "circumstance": TIER[lang].get(r["circumstance"]),
                    "changes": r.get("changes_tier")} for r in contested.get("readings", [])],
        inputs=scan["inputs"],
        records=scan.get("records", 0),
        pieces=[(k, cat_label.get(k, k), n) for k, n in scan["pieces"].items()],
        pieces_total=scan.get("pieces_total", sum(scan["pieces"].values())),
        persons=scan.get("persons", 0),
        types=types,
        exclusions=[(k, EXCLUSION.get(k, (k, k))[0 if zh else 1], n) for k, n in scan["excluded"].items()],
        samples=samples,
        reasoning=_reasoning(a, lang),
        partial=bool(scan.get("partial")),
        notes=notes,
    )
