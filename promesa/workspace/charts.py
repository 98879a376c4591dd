"""Horizontal bar charts drawn as inline SVG on the server: no script, no library.

Each bar carries its label and its number as text beside it, so colour is never the only
signal; the template adds a title, a one-sentence takeaway and the data table behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH = 560
LABEL_WIDTH = 230  # label text, right-aligned against the bars
BAR_SPACE = 250  # the longest bar; the number is written after it
ROW_HEIGHT = 36
BAR_HEIGHT = 24
# Longer labels are cut with an ellipsis in the chart; the data table shows them whole.
LABEL_CHARS = 26


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as written on the page, localized
    css: str
    href: str = ""
    # Geometry, in whole viewBox units, filled in by ``bar_chart``.
    y: int = 0
    width: int = 0
    text_y: int = 0  # baseline of the label and the number, centred on the bar
    value_x: int = 0
    short_label: str = ""  # the label as the chart writes it


@dataclass(frozen=True)
class BarChart:
    slug: str
    value_heading: str
    bars: list[Bar]
    width: int
    height: int
    label_x: int
    bar_x: int
    bar_height: int

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def count_text(value: int) -> str:
    """A count as es-CO writes it: 1.234."""
    return number_format(value, force_grouping=True)


def percent_text(value: float | None) -> str:
    """A percentage with one decimal, localized: "87,5 %" in Spanish, "87.5%" in English."""
    if value is None:
        return "—"
    # Translators: a percentage; Spanish puts a non-breaking space before the sign.
    return _("%(number)s%%") % {"number": number_format(round(value, 1), 1, force_grouping=True)}


def bar_chart(
    slug: str, bars: list[Bar], *, value_heading: str, scale_max: float | None = None
) -> BarChart:
    """Lay out ``bars`` top to bottom; the longest bar spans ``scale_max`` (or the largest)."""
    top = scale_max if scale_max is not None else max((bar.value for bar in bars), default=0)
    laid_out = []
    for index, bar in enumerate(bars):
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        # A zero still shows a hairline, so the row does not look like missing data.
        width = max(round(BAR_SPACE * bar.value / top), 2) if top else 2
        laid_out.append(
            Bar(
                label=bar.label,
                short_label=bar.label
                if len(bar.label) <= LABEL_CHARS
                else bar.label[: LABEL_CHARS - 1] + "…",
                value=bar.value,
                text=bar.text,
                css=bar.css,
                href=bar.href,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2 + 5,
                value_x=LABEL_WIDTH + width + 8,
            )
        )
    return BarChart(
        slug=slug,
        value_heading=value_heading,
        bars=laid_out,
        width=WIDTH,
        height=len(bars) * ROW_HEIGHT,
        label_x=LABEL_WIDTH - 8,
        bar_x=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )
