"""Bar charts as inline SVG, rendered on the server: readable without JavaScript.

A small renderer rather than a plotting library: the charts are plain grouped bars, and
each bar must be a link with a ``<title>`` tooltip, which we control fully in a hundred
lines. Every piece of text is escaped with markupsafe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

# Colour-blind-safe palette (Okabe–Ito), one colour per compared term.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")
HEIGHT = 260
TOP, BOTTOM, LEFT, RIGHT = 16, 64, 56, 12
MIN_WIDTH = 320


@dataclass
class Bar:
    value: float
    tooltip: str  # the bar's <title>: exact numbers for people
    href: str | None = None


@dataclass
class Group:
    label: str  # x-axis label
    bars: list[Bar]  # one per series


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    n = math.ceil(top / step - 1e-9)
    return [i * step for i in range(n + 1)]


def _fmt(x: float) -> str:
    return f"{x:.0f}" if x == int(x) else f"{x:g}"


def bar_chart(
    groups: list[Group],
    series: list[str],
    *,
    title: str,
    x_label: str,
    y_label: str,
    css_class: str = "chart",
) -> Markup:
    """Grouped vertical bars; one colour per series, a legend when there are several."""
    k = max(1, len(series))
    slot = max(14 * k + 8, 28)
    width = max(MIN_WIDTH, LEFT + RIGHT + slot * len(groups))
    plot_w = width - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(groups))
    bar_w = min(28.0, (slot - 6) / k)
    ticks = nice_ticks(max((b.value for g in groups for b in g.bars), default=0))
    top = ticks[-1] or 1.0
    rotate = len(groups) > 12 or any(len(g.label) > 4 for g in groups)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    out = [
        f'<svg class="{escape(css_class)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {HEIGHT}" width="{width}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for t in ticks:
        yy = y(t)
        out.append(
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" '
            f'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{LEFT - 4}" y="{yy + 4:.1f}" text-anchor="end" fill="#555">'
            f"{escape(_fmt(t))}</text>"
        )
    for i, g in enumerate(groups):
        x0 = LEFT + i * slot + (slot - bar_w * k) / 2
        for j, b in enumerate(g.bars):
            h = plot_h * (b.value / top)
            rect = (
                f'<rect class="bar s{j}" x="{x0 + j * bar_w:.1f}" y="{y(b.value):.1f}" '
                f'width="{max(bar_w - 1, 1):.1f}" height="{max(h, 0.5):.1f}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(b.tooltip)}</title></rect>'
            )
            if b.href:
                rect = f'<a href="{escape(b.href)}" tabindex="-1">{rect}</a>'
            out.append(rect)
        cx, ly = LEFT + (i + 0.5) * slot, HEIGHT - BOTTOM + 14
        transform = f' transform="rotate(-40 {cx:.1f} {ly})"' if rotate else ""
        anchor = "end" if rotate else "middle"
        out.append(
            f'<text x="{cx:.1f}" y="{ly}" text-anchor="{anchor}"{transform} fill="#333">'
            f"{escape(g.label)}</text>"
        )
    axis_y = HEIGHT - BOTTOM
    out.append(
        f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{axis_y}" y2="{axis_y}" stroke="#333"/>'
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{axis_y}" stroke="#333"/>'
        f'<text class="axis-label" x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" '
        f'text-anchor="middle" fill="#333">{escape(x_label)}</text>'
        f'<text class="axis-label" x="12" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})" fill="#333">{escape(y_label)}</text>'
    )
    if len(series) > 1:
        for j, name in enumerate(series):
            lx = LEFT + 8 + j * 120
            out.append(
                f'<rect x="{lx}" y="2" width="10" height="10" '
                f'fill="{PALETTE[j % len(PALETTE)]}"/>'
                f'<text class="legend" x="{lx + 14}" y="11" fill="#333">{escape(name)}</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))
