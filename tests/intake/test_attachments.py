"""Uploads are checked by their bytes, not by the name or type the browser claims."""

from __future__ import annotations

import base64
import io
import wave
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError

from promesa.cases.attachments import safe_filename, sniff_content_type, validate_uploads

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x00" * 64
WEBP = b"RIFF" + (26).to_bytes(4, "little") + b"WEBPVP8 " + b"\x00" * 18
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 64
OGG = b"OggS\x00\x02" + b"\x00" * 20 + b"\x01\x1e\x01vorbis" + b"\x00" * 16
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 16
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


def office(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = office({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = office({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
PLAIN_ZIP = office({"programa.exe": "MZ"})


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "data", "content_type", "stored_name"),
    [
        ("factura.pdf", PDF, "application/pdf", "factura.pdf"),
        ("foto.png", PNG, "image/png", "foto.png"),
        ("foto.jpeg", JPEG, "image/jpeg", "foto.jpeg"),
        ("animacion.gif", GIF, "image/gif", "animacion.gif"),
        ("imagen.webp", WEBP, "image/webp", "imagen.webp"),
        (
            "carta.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "carta.docx",
        ),
        (
            "cuentas.xlsx",
            XLSX,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "cuentas.xlsx",
        ),
        ("carta.odt", ODT, "application/vnd.oasis.opendocument.text", "carta.odt"),
        ("nota.txt", "Señores: adjunto la nota.\n".encode(), "text/plain", "nota.txt"),
        ("peticion-verbal.mp3", MP3, "audio/mpeg", "peticion-verbal.mp3"),
        ("audio.ogg", OGG, "audio/ogg", "audio.ogg"),
        ("grabacion.wav", wav(), "audio/wav", "grabacion.wav"),
        ("nota-de-voz.m4a", M4A, "audio/mp4", "nota-de-voz.m4a"),
    ],
)
def test_it_accepts_each_allowed_kind_by_its_bytes(
    settings: Any, name: str, data: bytes, content_type: str, stored_name: str
) -> None:
    [checked] = validate_uploads([upload(name, data, content_type="application/octet-stream")])

    assert checked.content_type == content_type
    assert checked.name == stored_name
    assert checked.data == data


def test_it_refuses_an_executable_disguised_as_a_pdf() -> None:
    with pytest.raises(ValidationError) as error:
        validate_uploads([upload("factura.pdf", EXE, content_type="application/pdf")])

    assert error.value.code == "file_type"
    assert "factura.pdf" in error.value.messages[0]


def test_it_refuses_a_zip_that_is_not_an_office_document() -> None:
    assert sniff_content_type(PLAIN_ZIP) is None


def test_it_refuses_binary_data_posing_as_text() -> None:
    assert sniff_content_type(b"hola\x00mundo") is None
    assert sniff_content_type(b"\xc3\x28 invalid utf-8") is None


def test_it_refuses_a_file_over_the_size_limit_in_plain_words(settings: Any) -> None:
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    big = PDF + b"0" * (12 * 1024 * 1024)

    with pytest.raises(ValidationError) as error:
        validate_uploads([upload("escaneo.pdf", big)])

    assert error.value.code == "file_too_large"
    assert error.value.messages == ["El archivo escaneo.pdf pesa 12 MB; el máximo es 10 MB."]


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(ValidationError) as error:
        validate_uploads([upload("vacio.pdf", b"")])

    assert error.value.code == "empty_file"


def test_it_refuses_more_files_than_allowed(settings: Any) -> None:
    settings.ATTACHMENT_MAX_COUNT = 2

    with pytest.raises(ValidationError) as error:
        validate_uploads([upload(f"f{i}.pdf", PDF) for i in range(3)])

    assert error.value.code == "too_many_files"


def test_it_sanitizes_names_and_forces_the_real_extension() -> None:
    assert safe_filename("../../etc/passwd.pdf", "application/pdf") == "passwd.pdf"
    assert safe_filename("C:\\Users\\ana\\mi factura (1).exe", "application/pdf") == (
        "mi_factura_1.pdf"
    )
    assert safe_filename("..", "image/png") == "attachment.png" or safe_filename(
        "..", "image/png"
    ).endswith(".png")
    assert len(safe_filename("a" * 500 + ".pdf", "application/pdf")) <= 84
