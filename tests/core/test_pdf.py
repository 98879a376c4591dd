"""The PDF writer keeps Spanish text and survives characters outside its font."""

from __future__ import annotations

import io

from pypdf import PdfReader

from promesa.core.pdf import Document, Section, render


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_it_writes_the_title_headings_paragraphs_and_rows() -> None:
    pdf = render(
        Document(
            title="Respuesta a su petición 2026-000123",
            sections=(
                Section(
                    heading="Señora Ana Pérez",
                    paragraphs=("Le informamos que el cobro se corrigió.",),
                ),
                Section(heading="Datos", rows=(("Número de radicado", "2026-000123"),)),
            ),
            footer="Aguas de Prueba",
        )
    )

    text = _text(pdf)
    assert pdf.startswith(b"%PDF-")
    assert "Respuesta a su petición 2026-000123" in text
    assert "Le informamos que el cobro se corrigió." in text
    assert "Número de radicado" in text


def test_characters_outside_the_font_are_replaced_not_fatal() -> None:
    pdf = render(Document(title="Gracias 🙂 “comillas”", sections=(Section(heading="€ y ñ"),)))

    text = _text(pdf)
    assert '"comillas"' in text
    assert "ñ" in text
