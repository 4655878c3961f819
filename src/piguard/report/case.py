"""A case report from a scan result and (optionally) a facts file: assess, build the model, write
HTML or PDF by the output's suffix."""

from __future__ import annotations

from pathlib import Path

from piguard.law.assess import assess
from piguard.law.facts import parse_facts, read_facts_data, with_counted_pieces
from piguard.report.model import Report, build

FORMATS = (".html", ".htm", ".pdf")


class ReportError(ValueError):
    """The report cannot be made (bad output name); the message says why."""


def make_report(scan: dict, facts: str | Path | None = None, lang: str = "zh", reveal: bool = False,
                guideline: str | None = None) -> Report:
    """Assess the facts with the scan's counts (or the scan's own facts block) and build the report.
    Raises ``FactsError`` for a bad facts file, as ``piguard assess`` does."""
    data = dict(scan["facts"]) if facts is None else with_counted_pieces(read_facts_data(facts), scan["facts"], str(facts))
    facts_obj = parse_facts(data, "scan result facts block" if facts is None else str(facts))
    a = assess(facts_obj, guideline=guideline).to_json_dict()
    # an absent illegal_income is "not alleged" (0 for the law engine); the gauge shows it as such, not as 0 yuan
    alleged = data.get("illegal_income") is not None
    return build(scan, a, lang, reveal=reveal, facts_source=None if facts is None else str(facts), income_alleged=alleged)

def write_report(report: Report, out: str | Path) -> Path:
    """Write ``report`` as HTML or PDF, chosen by the suffix of ``out``."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(f"{out}: the report is written as .html or .pdf, not {suffix or 'a file without suffix'}")
    if suffix == ".pdf":
        from piguard.report.pdf import render_pdf
        data = render_pdf(report)
        out.write_bytes(data)
    else:
        from piguard.report.html import render_html
        out.write_text(render_html(report), encoding="utf-8")
    return out
