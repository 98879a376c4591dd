"""Checks every file a requester uploads before it becomes part of a case.

The type is sniffed from the bytes, never taken from the browser's ``content_type`` or the
file name: a renamed executable must not reach an agent's desktop as "factura.pdf".
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.forms import ValidationError
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from promesa.cases.services import AttachmentInput
from promesa.core.forms import MultipleFileField

# Longest file name stem kept (the model field holds 200 characters with the extension).
MAX_NAME_LENGTH = 80

# Allowed types: content type → the extension the stored file gets.
ALLOWED_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "text/plain": "txt",
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
    "audio/mp4": "m4a",
}

# Extensions people may use for the same type; the one they chose is kept when it fits.
_EQUIVALENT_EXTENSIONS: dict[str, frozenset[str]] = {
    "jpg": frozenset({"jpg", "jpeg"}),
    "txt": frozenset({"txt", "text", "csv"}),
    "ogg": frozenset({"ogg", "oga", "opus"}),
}

# Members that identify each zip-based office format.
_OOXML_MEMBERS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
_ODF_MIMETYPES = frozenset(
    {"application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"}
)
# ISO base media "brands" used by audio recorders and phones for .m4a files.
_M4A_BRANDS = frozenset({b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"3gp4", b"3gp5"})


def sniff_content_type(data: bytes) -> str | None:
    """The allowed content type the bytes really have, or None when not allowed."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if data.startswith(b"OggS"):
        return "audio/ogg"
    if data[4:8] == b"ftyp" and data[8:12] in _M4A_BRANDS:
        return "audio/mp4"
    if _is_plain_text(data):
        return "text/plain"
    return None


def _sniff_zip(data: bytes) -> str | None:
    """Office documents are zip files; only the known ones are accepted, not any zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in _ODF_MIMETYPES:
                    return mimetype
            if "[Content_Types].xml" in names:
                for member, content_type in _OOXML_MEMBERS.items():
                    if member in names:
                        return content_type
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    return None


def _is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def safe_filename(name: str, content_type: str) -> str:
    """A harmless file name: no folders, safe characters, short, matching extension."""
    extension = ALLOWED_TYPES[content_type]
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot_extension = os.path.splitext(base)
    given = dot_extension.lstrip(".").lower()
    if given in _EQUIVALENT_EXTENSIONS.get(extension, frozenset()):
        extension = given
    try:
        stem = get_valid_filename(stem.strip(". "))
    except SuspiciousFileOperation:  # an empty or dot-only name
        stem = ""
    stem = stem.strip("._-")[:MAX_NAME_LENGTH] or _("attachment")
    return f"{stem}.{extension}"


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    rounded = round(value, 1)
    decimals = 0 if rounded == int(rounded) else 1
    return f"{number_format(rounded, decimal_pos=decimals)} MB"


def validate_uploads(files: Sequence[UploadedFile]) -> list[AttachmentInput]:
    """Check count, size and real type of the uploads and return them ready to store."""
    if len(files) > settings.ATTACHMENT_MAX_COUNT:
        raise ValidationError(
            _("You attached %(count)d files; the maximum is %(max)d.")
            % {"count": len(files), "max": settings.ATTACHMENT_MAX_COUNT},
            code="too_many_files",
        )
    checked = []
    for upload in files:
        shown_name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1] or _("attachment")
        size = upload.size or 0
        if size > settings.ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                _("The file %(name)s is %(size)s; the maximum is %(max)s.")
                % {
                    "name": shown_name,
                    "size": _megabytes(size),
                    "max": _megabytes(settings.ATTACHMENT_MAX_BYTES),
                },
                code="file_too_large",
            )
        upload.seek(0)
        data = upload.read()
        if not data:
            raise ValidationError(
                _("The file %(name)s is empty.") % {"name": shown_name}, code="empty_file"
            )
        if len(data) > settings.ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                _("The file %(name)s is %(size)s; the maximum is %(max)s.")
                % {
                    "name": shown_name,
                    "size": _megabytes(len(data)),
                    "max": _megabytes(settings.ATTACHMENT_MAX_BYTES),
                },
                code="file_too_large",
            )
        content_type = sniff_content_type(data)
        if content_type is None:
            raise ValidationError(
                _(
                    "The file %(name)s is not a type we accept. Send a PDF, an image, an "
                    "office document, a text file or an audio recording."
                )
                % {"name": shown_name},
                code="file_type",
            )
        checked.append(
            AttachmentInput(
                name=safe_filename(shown_name, content_type), content_type=content_type, data=data
            )
        )
    return checked


class AttachmentsField(MultipleFileField):
    """Several files in one input, checked together by ``validate_uploads``."""

    def clean(self, data: Any, initial: Any = None) -> list[AttachmentInput]:  # type: ignore[override]
        return validate_uploads(super().clean(data, initial))


def attachment_hint() -> str:
    max_mb = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
    return str(
        _(
            "Optional. Up to %(count)d files of up to %(size)d MB each: PDF, images, office "
            "documents, text or audio recordings."
        )
        % {"count": settings.ATTACHMENT_MAX_COUNT, "size": max_mb}
    )
