"""The case report as one self-contained HTML file: inline CSS, inline SVG gauges, an inline subset of
the CJK font, no script and no network. Printable, and readable on a phone."""

from __future__ import annotations

import math
from fractions import Fraction

import jinja2
from markupsafe import Markup

from piguard.report.fonts import woff_subset
from piguard.report.model import GAUGE_TIER, MARKS, TIER, Gauge, Report

COLORS = {"none": "#2e7d4f", "serious": "#b26a00", "especially_serious": "#b3261e", "undetermined": "#6b4fa0",
          "unknown": "#666"}


def scale(g: Gauge) -> tuple[float, float]:
    """A logarithmic axis (the two thresholds are ten times apart): from a twentieth of the serious
    threshold to twice the especially serious one, or a little past the value."""
    lo = float(g.serious) / 20
    hi = max(float(g.especially) * 2, float(g.value or 0) * 1.25)
    return lo, hi


def position(g: Gauge, x: float) -> float:
    lo, hi = scale(g)
    if x <= lo:
        return 0.0
    return min(1.0, (math.log10(x) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))


def number(x: Fraction | float | int | None, unit: str = "") -> str:
    if x is None:
        return "?"
    if unit == "ratio":
        return f"{float(x):.2f}"
    return f"{int(x):,}" if Fraction(x).denominator == 1 else f"{float(x):,.2f}"


def gauge_svg(g: Gauge, lang: str) -> str:
    """One gauge: three zones (below serious, serious, especially serious) and the case's marker."""
    zh = lang == "zh"
    w, left, right = 640, 10, 630
    span = right - left
    ps, pe = position(g, float(g.serious)), position(g, float(g.especially))
    x = lambda p: left + p * span                                                       # noqa: E731
    unit = {"pieces": "条" if zh else " pieces", "yuan": "元" if zh else " yuan", "ratio": ""}[g.unit]
    parts = [f'<svg class="gauge" viewBox="0 0 {w} 80" role="img" xmlns="http://www.w3.org/2000/svg" '
             f'aria-label="{g.label}">',
             f'<rect x="{x(0):.1f}" y="32" width="{x(ps) - x(0):.1f}" height="18" fill="#dcefe3"/>',
             f'<rect x="{x(ps):.1f}" y="32" width="{x(pe) - x(ps):.1f}" height="18" fill="#fbe3b0"/>',
             f'<rect x="{x(pe):.1f}" y="32" width="{x(1) - x(pe):.1f}" height="18" fill="#f6c4bf"/>']
    # the serious label ends at its line, the especially serious one starts at its line (or ends at the
    # right edge when there is no room): they never overlap, whatever the scale
    for p, label, value in ((ps, GAUGE_TIER[lang]["serious"], g.serious), (pe, GAUGE_TIER[lang]["especially_serious"], g.especially)):
        parts.append(f'<line x1="{x(p):.1f}" y1="28" x2="{x(p):.1f}" y2="54" stroke="#333" stroke-width="1.5"/>')
        if p == ps:
            at, anchor = x(p) - 4, "end"
        else:
            at, anchor = (x(1), "end") if p > 0.6 else (x(p) + 4, "start")
        parts.append(f'<text x="{at:.1f}" y="72" font-size="14" text-anchor="{anchor}" fill="#333">'
                     f'{label} {number(value, g.unit)}{unit}</text>')
    if g.value is not None:
        pv = position(g, float(g.value))
        color = COLORS[g.level]
        parts.append(f'<rect x="{x(0):.1f}" y="37" width="{max(x(pv) - x(0), 2):.1f}" height="8" fill="{color}"/>')
        parts.append(f'<polygon points="{x(pv) - 7:.1f},16 {x(pv) + 7:.1f},16 {x(pv):.1f},30" fill="{color}"/>')
        times = float(g.value / g.serious) if g.serious else 0
        anchor = "end" if pv > 0.8 else ("start" if pv < 0.2 else "middle")
        parts.append(f'<text x="{x(pv):.1f}" y="13" font-size="14" font-weight="bold" text-anchor="{anchor}" '
                     f'fill="{color}">{number(g.value, g.unit)}{unit} ({times:.1f}×)</text>')
    else:
        parts.append(f'<text x="{x(0):.1f}" y="24" font-size="14" fill="#666">{g.note}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("piguard.report", "templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = number
    return env


def render_html(r: Report, embed_font: bool = True) -> str:
    """The report as HTML; ``embed_font`` adds the inline CJK font subset (about 150-400 KB)."""
    template = _env().get_template("report.html.j2")
    gauges = [(g, Markup(gauge_svg(g, r.lang))) for g in r.gauges]
    page = template.render(r=r, gauges=gauges, color=COLORS, tier=TIER[r.lang], marks=MARKS, font="")
    if not embed_font:
        return page
    font = woff_subset(page)
    return template.render(r=r, gauges=gauges, color=COLORS, tier=TIER[r.lang], marks=MARKS, font=font)

