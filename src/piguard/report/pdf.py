"""The case report as PDF (fpdf2), with the bundled Noto Sans CJK embedded as a subset: Chinese renders
in any PDF reader without system fonts. Same model and order as the HTML report."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from piguard.report.fonts import collection, sc_index
from piguard.report.html import COLORS, number, position
from piguard.report.model import GAUGE_TIER, MARKS, Gauge, Report

FONT = "cjk"
HEAD = FontFace(fill_color=(240, 242, 245))
ZONES = ((220, 239, 227), (251, 227, 176), (246, 196, 191))


def _rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


class _Doc(FPDF):
    def __init__(self, r: Report):
        super().__init__(format="A4")
        self.r = r
        self.add_font(FONT, fname=str(collection()), collection_font_number=sc_index())
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, size=8)
        self.set_text_color(120)
        self.cell(0, 5, f"{self.r.title} · piguard {self.r.versions['piguard']} · {self.page_no()}", align="C")
        self.set_text_color(0)

    def h2(self, text: str) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(4)
        self.set_font(FONT, size=13)
        self.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(30)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)
        self.set_font(FONT, size=9.5)

    def para(self, text: str, size: float = 9.5, color: int = 0) -> None:
        self.set_font(FONT, size=size)
        self.set_text_color(color)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)

    def table_rows(self, head: tuple[str, ...], rows: list[tuple], widths: tuple[float, ...], size: float = 8.5) -> None:
        self.set_font(FONT, size=size)
        headed = any(head)
        self.set_fill_color(255)
        self.set_draw_color(200)
        with self.table(col_widths=widths, text_align="LEFT", line_height=size * 0.5, first_row_as_headings=headed,
                        headings_style=HEAD) as t:
            for row in ([head] if headed else []) + list(rows):
                cells = t.row()
                for v in row:
                    cells.cell(str(v))
        self.ln(2)

    def gauge(self, g: Gauge) -> None:
        lang = self.r.lang
        if self.get_y() > self.h - 40:
            self.add_page()
        self.set_font(FONT, size=9.5)
        self.multi_cell(0, 5, f"{g.label}  ({g.provision})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if g.parts:
            self.para(" · ".join(f"{n} {number(c)}" for n, c in g.parts), size=8, color=90)
        left, width, top = self.l_margin, self.w - self.l_margin - self.r_margin, self.get_y() + 7
        ps, pe = position(g, float(g.serious)), position(g, float(g.especially))
        for (a, b), color in zip(((0, ps), (ps, pe), (pe, 1)), ZONES):
            self.set_fill_color(*color)
            self.rect(left + a * width, top, (b - a) * width, 5, style="F")
        unit = {"pieces": "条" if lang == "zh" else " pieces", "yuan": "元" if lang == "zh" else " yuan", "ratio": ""}[g.unit]
        self.set_font(FONT, size=7.5)
        for p, tier, value in ((ps, "serious", g.serious), (pe, "especially_serious", g.especially)):
            x = left + p * width
            self.set_draw_color(40)
            self.line(x, top - 1, x, top + 6)
            label = f"{GAUGE_TIER[lang][tier]} {number(value, g.unit)}{unit}"
            w = self.get_string_width(label)
            if p == ps:
                at = max(x - 1 - w, left)
            else:
                at = left + width - w if p > 0.6 else x + 1          # as in the HTML gauge: never overlapping
            self.text(at, top + 9.5, label)
        if g.value is not None:
            pv = position(g, float(g.value))
            self.set_fill_color(*_rgb(COLORS[g.level]))
            self.rect(left, top + 1.5, max(pv * width, 0.6), 2, style="F")
            x = left + pv * width
            self.polygon([(x - 2, top - 3.5), (x + 2, top - 3.5), (x, top - 0.5)], style="F")
            self.set_text_color(*_rgb(COLORS[g.level]))
            times = float(g.value / g.serious) if g.serious else 0
            label = f"{number(g.value, g.unit)}{unit} ({times:.1f}×)"
            w = self.get_string_width(label)
            self.text(min(max(x - w / 2, left), left + width - w), top - 4.5, label)
            self.set_text_color(0)
        else:
            self.text(left, top - 2, g.note)
        self.set_y(top + 13)


def render_pdf(r: Report) -> bytes:
    t = r.t
    pdf = _Doc(r)
    pdf.set_title(r.title)
    pdf.set_creator(f"piguard {r.versions['piguard']}")
    pdf.add_page()
    pdf.set_font(FONT, size=17)
    pdf.multi_cell(0, 9, r.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if r.case:
        pdf.para(f"{t('案件', 'Case')}：{r.case}", size=10.5)
    pdf.para(f"{t('生成时间', 'Made')} {r.made} · {t('扫描时间', 'Scanned')} {r.scan_made or '?'} · piguard {r.versions['piguard']}",
             size=8.5, color=90)
    if r.revealed:
        pdf.set_fill_color(253, 232, 230)
        pdf.set_text_color(122, 20, 16)
        pdf.set_font(FONT, size=10.5)
        pdf.multi_cell(0, 6, t("注意：本报告按 --reveal 要求含有未脱敏的个人信息，须按证据材料严格保管。",
                               "Warning: made with --reveal, this report contains UNMASKED personal information; keep it as evidence."),
                       border=1, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0)
    for n in r.notes:
        pdf.para(n, size=8.5, color=70)
    if r.partial:
        pdf.para(t("部分输入无法读取，计数不含其内容（见“证据文件”）。", "Some inputs could not be read; the counts do not include them."),
                 size=8.5, color=70)

    pdf.h2(f"1. {t('结论', 'Conclusion')}")
    pdf.set_fill_color(*_rgb(COLORS.get(r.circumstance, "#444444")))
    pdf.set_text_color(255)
    pdf.set_font(FONT, size=12)
    pdf.multi_cell(0, 8, r.headline, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(2)
    pdf.table_rows(("", ""), r.conclusion, (1, 4))

    pdf.h2(f"2. {t('数量与违法所得对照入罪标准', 'Counts and income against the thresholds')}")
    pdf.para(t("对数刻度；绿色为未达“情节严重”，橙色为“情节严重”，红色为“情节特别严重”。",
               "Logarithmic scale; green: below serious, amber: serious, red: especially serious."), size=8, color=90)
    for g in r.gauges:
        pdf.gauge(g)

    pdf.h2(f"3. {t('争议分类', 'Contested classifications')}")
    if r.contested:
        pdf.para(r.contested_verdict or "")
        pdf.table_rows((t("假设", "Assuming"), t("情节", "Circumstance"), t("改变结论", "Changes the tier")),
                       [(c["assuming"], c["circumstance"], t("是", "yes") if c["changes"] else t("否", "no")) for c in r.contested],
                       (4, 2, 1))
    else:
        pdf.para(t("无争议分类。", "None."))

    pdf.h2(f"4. {t('证据文件', 'Inputs')}")
    pdf.table_rows((t("路径", "Path"), t("字节", "Bytes"), t("格式", "Format"), t("编码", "Encoding"), t("记录", "Records"),
                    "SHA-256", t("错误", "Errors")),
                   [(i["path"], number(i["bytes"]), i.get("format") or "", i.get("encoding") or "",
                     f"{number(i['records'])} {r.unit_of(i)}".rstrip(),
                     i.get("sha256") or "", "; ".join(i["errors"] + (i.get("warnings") or []))) for i in r.inputs],
                   (5, 1.5, 1.5, 1.4, 1.2, 4.5, 2), size=7)

    pdf.h2(f"5. {t('计数', 'Counts')}")
    pdf.para(f"{t('记录', 'Records')} {number(r.records)} · {t('计入条数', 'pieces counted')} {number(r.pieces_total)} · "
             f"{t('不同自然人', 'distinct persons')} {number(r.persons)}")
    pdf.table_rows((t("类别（《解释》第五条）", "Category (Interp. Art. 5)"), t("条数", "Pieces")),
                   [(f"{label} ({key})", number(n)) for key, label, n in r.pieces], (5, 1))
    pdf.table_rows((t("类型", "Type"), t("状态", "Status"), t("数量", "Count")),
                   [(k, s, number(n)) for k, s, n in r.types], (3, 2, 1))

    pdf.h2(f"6. {t('排除（《解释》第十一条）', 'Exclusions (Interp. Art. 11)')}")
    if r.exclusions:
        pdf.table_rows((t("原因", "Reason"), t("记录", "Records")), [(f"{why} ({k})", number(n)) for k, why, n in r.exclusions], (5, 1))
    else:
        pdf.para(t("无。", "None."))

    pdf.h2(f"7. {t('样本', 'Samples')}" + ("" if r.revealed else t("（已脱敏）", " (masked)")))
    for label, items in r.samples:
        pdf.para(label, size=9.5)
        pdf.table_rows((t("位置", "Where"), t("信息", "Values"), t("识别依据", "Identifies by")),
                       [(s["where"], "  ".join(s["values"]), " + ".join(s["basis"])) for s in items], (4, 3, 1.5), size=7.5)

    pdf.h2(f"8. {t('推理过程', 'Reasoning')}")
    marks = MARKS
    for label, rows in r.reasoning:
        pdf.para(label, size=10.5)
        for x in rows:
            cite = x["cite_zh"] if r.lang == "zh" else x["cite_en"]
            because = x["because_zh"] if r.lang == "zh" else x["because_en"]
            grey = 110 if x["met"] == "not_met" else 0
            pdf.para(f"{marks.get(x['met'], '·')} {cite} [{x['provision']}] — {because}", size=8.5, color=grey)
            pdf.set_x(pdf.l_margin + 5)
            pdf.set_font(FONT, size=7.5)
            pdf.set_text_color(80)
            pdf.multi_cell(0, 4, f"「{x['text_zh']}」", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0)

    pdf.h2(f"9. {t('版本与时间', 'Versions and time')}")
    rows = list(r.versions.items()) + [(t("事实文件", "Facts file"), r.facts_source or t("无（仅扫描结果）", "none (scan only)")),
                                       (t("报告生成", "Report made"), r.made), (t("扫描", "Scan made"), r.scan_made or "?")]
    pdf.table_rows(("", ""), rows, (1, 3))
    return bytes(pdf.output())
