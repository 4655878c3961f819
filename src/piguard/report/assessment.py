"""Render an assessment for the terminal, from its trace: conclusion first, then each ground with its citation."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from piguard.law.assess import Assessment

MARK = {"met": "[green]✔[/]", "not_met": "[dim]✘[/]", "undetermined": "[yellow]?[/]"}
LABELS = {
    "en": {"conclusion": "Conclusion", "elements": "Conduct", "grounds": "Circumstance (Interp. Arts. 5-6)",
           "details": "Behind items (8) and ¶2(3)", "frame": "Sentence", "factors": "Sentencing factors",
           "contested": "Contested classifications", "civil": "Civil public interest", "administrative": "PIPL administrative exposure",
           "data_protection": "Data protection", "related_offence": "Related offences", "flag": "Flags",
           "guideline": "Sentencing guideline (provisional)", "not_met_items": "not met", "case": "Case",
           "text": "text", "robust": "robust", "none": "none"},
    "zh": {"conclusion": "结论", "elements": "行为", "grounds": "情节认定（《解释》第五条、第六条）",
           "details": "第八项、第二款第三项的计算", "frame": "刑罚", "factors": "量刑情节",
           "contested": "争议分类", "civil": "民事公益诉讼", "administrative": "个人信息保护法行政责任",
           "data_protection": "个人信息保护", "related_offence": "相关罪名", "flag": "提示",
           "guideline": "量刑指导意见（暂定）", "not_met_items": "未满足", "case": "案件",
           "text": "原文", "robust": "稳定", "none": "无"},
}


def _line(x: dict[str, Any], lang: str, quote: bool = False) -> str:
    cite = x["cite_zh"] if lang == "zh" else x["cite_en"]
    because = x["because_zh"] if lang == "zh" else x["because_en"]
    out = f"  {MARK[x['met']]} [bold]{escape(cite)}[/] — {escape(because)}"
    if quote:
        out += f"\n      [dim]「{escape(x['text_zh'])}」[/]"
    return out


def render(a: Assessment, console: Console, lang: str = "en") -> None:
    L = LABELS[lang]
    trace = a.trace
    head = a.conclusion[lang]
    color = {"none": "green", "serious": "yellow", "especially_serious": "red"}.get(a.circumstance, "magenta")
    title = f"{L['case']}: {escape(a.case)}" if a.case else None
    console.print(Panel(f"[bold {color}]{escape(head)}[/]", title=title, title_align="left"))

    def section(kind: str, label: str, only_active: bool = False, quote_met: bool = False) -> None:
        rows = [x for x in trace if x["kind"] == kind]
        shown = [x for x in rows if not only_active or x["met"] != "not_met"]
        if not shown:
            return
        console.print(f"\n[bold underline]{label}[/]")
        for x in shown:
            console.print(_line(x, lang, quote=quote_met and x["met"] == "met"))

    section("element", L["elements"], only_active=True)
    console.print(f"\n[bold underline]{L['grounds']}[/]")
    grounds = [x for x in trace if x["kind"] == "ground"]
    for x in grounds:
        if x["met"] != "not_met":
            console.print(_line(x, lang, quote=x["met"] == "met"))
    missed = [x for x in grounds if x["met"] == "not_met"]
    if missed:
        console.print(f"  [dim]{L['not_met_items']}:[/]")
        for x in missed:
            console.print(_line(x, lang))
    section("detail", L["details"], only_active=True)
    section("frame", L["frame"])
    section("factor", L["factors"], only_active=True)
    if a.contested["readings"]:
        verdict = a.contested["verdict_zh" if lang == "zh" else "verdict"]
        console.print(f"\n[bold underline]{L['contested']}[/]: [bold]{escape(verdict)}[/]")
        section_rows = [x for x in trace if x["kind"] == "contested"]
        for x in section_rows:
            console.print(f"  {MARK[x['met']] if x['met'] == 'met' else '[dim]=[/]'} "
                          f"{escape(x['because_zh'] if lang == 'zh' else x['because_en'])}")
    for kind in ("civil", "administrative", "data_protection"):
        section(kind, L[kind], only_active=True)
    section("related_offence", L["related_offence"], only_active=True)
    section("flag", L["flag"], only_active=True)
    if a.guideline:
        g = a.guideline
        console.print(f"\n[bold underline]{L['guideline']}[/]: {escape(g['profile'])} — {escape(g['doc_no'])}")
        console.print(f"  [yellow]{escape(g['label'])}[/]")
        sp = g["starting_point"]
        if sp:
            console.print(f"  starting point ({escape(g['starting_point_basis'])}): {sp['min_months']}-{sp['max_months']} months "
                          f"[dim]({escape(sp['relayed'])})[/]")
        for adj in g["adjustments"]:
            if adj["applies"]:
                console.print(f"  · {escape(adj['relayed'])}: {escape(adj['band'])}")
        console.print(f"  [dim]{escape(g['caution'])}[/]")
