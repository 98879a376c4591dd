"""Plain documents as PDF: a title, headed sections of paragraphs or label-value rows.

Answer letters and personal-data exports are read and filed by people, so the document is
simple text in a core font. Core fonts cover Latin-1 only; characters outside it (emoji, some
quotes) are replaced rather than failing the whole document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos

_FONT = "Helvetica"
_ENCODING = "latin-1"
_TYPOGRAPHIC = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def _printable(text: str) -> str:
    return text.translate(_TYPOGRAPHIC).encode(_ENCODING, "replace").decode(_ENCODING)


@dataclass(frozen=True)
class Section:
    """A heading followed by paragraphs and then label-value rows (either may be empty)."""

    heading: str
    paragraphs: Sequence[str] = ()
    rows: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class Document:
    """What goes on the pages; ``footer`` is printed at the bottom of each one."""

    title: str
    sections: Sequence[Section] = field(default_factory=tuple)
    subtitle: str = ""
    footer: str = ""
    author: str = ""


class _Pages(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(_FONT, size=8)
        text = f"{self._footer_text}  ·  {self.page_no()}/{{nb}}" if self._footer_text else ""
        self.cell(0, 10, _printable(text or f"{self.page_no()}/{{nb}}"), align="C")


def render(document: Document) -> bytes:
    """The document as PDF bytes."""
    pdf = _Pages(document.footer)
    pdf.set_title(_printable(document.title))
    if document.author:
        pdf.set_author(_printable(document.author))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font(_FONT, style="B", size=16)
    pdf.multi_cell(0, 8, _printable(document.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if document.subtitle:
        pdf.set_font(_FONT, size=10)
        pdf.multi_cell(0, 6, _printable(document.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in document.sections:
        pdf.ln(4)
        pdf.set_font(_FONT, style="B", size=12)
        pdf.multi_cell(0, 7, _printable(section.heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(_FONT, size=10)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 5, _printable(paragraph), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        for label, value in section.rows:
            pdf.set_font(_FONT, style="B", size=10)
            pdf.multi_cell(0, 5, _printable(label), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font(_FONT, size=10)
            pdf.multi_cell(0, 5, _printable(value or "-"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
    return bytes(pdf.output())
