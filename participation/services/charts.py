"""Accessible SVG charts drawn with leather. Each chart is an <svg role="img"> with a <title>; the page
or PDF shows the same numbers in a data table beside it, so the chart is never the only way in."""

import re

import leather
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Arial, Helvetica, sans-serif"
TEXT_COLOUR = "#0b0c0c"
SERIES_COLOURS = ["#1d70b8", "#d4351c"]  # GOV.UK blue and red: 3:1 or more against white and each other
WIDTH, ROW_HEIGHT, MIN_HEIGHT = 640, 34, 180

# leather reads its look from module-level theme values; set them once for every chart we draw.
for _name in ("title_font_family", "tick_font_family", "legend_font_family", "axis_title_font_family"):
    setattr(leather.theme, _name, FONT)
leather.theme.background_color = "#ffffff"
leather.theme.title_color = leather.theme.label_color = leather.theme.legend_color = TEXT_COLOUR
leather.theme.tick_font_size = leather.theme.legend_font_size = "13"
leather.theme.default_series_colors = SERIES_COLOURS

_SVG_OPEN = re.compile(r'^<svg width="(?P<width>[\d.]+)" height="(?P<height>[\d.]+)"')


def accessible_svg(svg: str, *, label: str) -> SafeString:
    """Give leather's SVG a role, a title and a viewBox so it scales and is announced."""
    match = _SVG_OPEN.match(svg)
    if match is None:
        raise ValueError("Unexpected SVG from leather")
    width, height = match["width"], match["height"]
    opening = (
        f'<svg class="app-chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
        'preserveAspectRatio="xMinYMin meet"'
    )
    rest = svg[match.end() :]
    tag_end = rest.index(">") + 1
    return mark_safe(opening + rest[:tag_end] + f"<title>{escape(label)}</title>" + rest[tag_end:])  # noqa: S308 - built from escaped parts and leather's numeric SVG  # nosec


def _integer_ticks(top: int) -> list[int]:
    """Whole-number ticks (counts of activities are never fractional), about five of them."""
    steps = (1, 2, 5)
    index, magnitude = 0, 1
    while steps[index] * magnitude * 5 < top:
        index = (index + 1) % 3
        magnitude *= 10 if index == 0 else 1
    step = steps[index] * magnitude
    return list(range(0, step * (-(-max(top, 1) // step)) + 1, step))


def _height(rows: int) -> int:
    return max(MIN_HEIGHT, 80 + rows * ROW_HEIGHT)


def bar_chart(*, label: str, rows: list[tuple[str, int]]) -> SafeString:
    """Horizontal bars, one per (category, value) row, top to bottom in the order given."""
    if not rows:
        return SafeString("")
    chart = leather.Chart()
    chart.set_y_scale(leather.Ordinal([str(name) for name, _ in reversed(rows)]))
    ticks = _integer_ticks(max(value for _, value in rows))
    chart.add_x_scale(0, ticks[-1])
    chart.add_x_axis(ticks=ticks)
    chart.add_bars([(value, str(name)) for name, value in reversed(rows)])
    return accessible_svg(chart.to_svg(width=WIDTH, height=_height(len(rows))), label=label)


def paired_bar_chart(*, label: str, rows: list[tuple[str, int, int]], series: tuple[str, str]) -> SafeString:
    """Two small charts side by side on one scale (e.g. promised and achieved), one bar per category."""
    if not rows:
        return SafeString("")
    ticks = _integer_ticks(max(max(a, b) for _, a, b in rows))
    categories = [str(name) for name, _, _ in reversed(rows)]
    grid = leather.Grid()
    for index, name in enumerate(series):
        chart = leather.Chart(str(name))
        chart.set_y_scale(leather.Ordinal(categories))
        chart.add_x_scale(0, ticks[-1])
        chart.add_x_axis(ticks=ticks)
        chart.add_bars([(row[index + 1], str(row[0])) for row in reversed(rows)], fill_color=SERIES_COLOURS[index])
        grid.add_one(chart)
    return accessible_svg(grid.to_svg(width=WIDTH, height=_height(len(rows)) + 30), label=label)


def column_chart(*, label: str, rows: list[tuple[str, int]]) -> SafeString:
    """Vertical columns, left to right in the order given (e.g. quarters)."""
    if not rows:
        return SafeString("")
    chart = leather.Chart()
    chart.set_x_scale(leather.Ordinal([str(name) for name, _ in rows]))
    ticks = _integer_ticks(max(value for _, value in rows))
    chart.add_y_scale(0, ticks[-1])
    chart.add_y_axis(ticks=ticks)
    chart.add_columns([(str(name), value) for name, value in rows])
    return accessible_svg(chart.to_svg(width=WIDTH, height=300), label=label)
