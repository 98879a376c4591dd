"""Uploads over the attachment limit stop being written while they stream in."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client

from promesa.cases.models import Case
from tests.conftest import World
from tests.portal.test_portal import PDF, form_data, text_of

MB = 1024 * 1024


class ByteCounter(FileUploadHandler):
    """Stands where Django's writing handlers are, and counts what reaches them."""

    received: ClassVar[list[int]] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        ByteCounter.received.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def handlers_with_counter(settings: Any) -> None:
    settings.FILE_UPLOAD_HANDLERS = [
        "promesa.core.uploads.LimitedUploadHandler",
        "tests.core.test_uploads.ByteCounter",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    ByteCounter.received = []


def test_a_file_over_the_limit_is_cut_off_while_streaming(
    world: World, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.SPAM_MIN_SECONDS = 0
    settings.ATTACHMENT_MAX_BYTES = 1 * MB
    handlers_with_counter(settings)
    ana = Client()
    big = SimpleUploadedFile("grande.pdf", PDF + b"0" * (5 * MB))

    response = ana.post("/pqrs/radicar/", form_data(ana, attachments=[big]))

    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert "el máximo es 1 MB" in text_of(response)
    assert sum(ByteCounter.received) <= 1 * MB


def test_files_beyond_the_maximum_count_are_not_written(
    world: World, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.SPAM_MIN_SECONDS = 0
    settings.ATTACHMENT_MAX_COUNT = 2
    handlers_with_counter(settings)
    ana = Client()
    files = [SimpleUploadedFile(f"f{n}.pdf", PDF) for n in range(4)]

    response = ana.post("/pqrs/radicar/", form_data(ana, attachments=files))

    assert Case.objects.count() == 0
    assert "el máximo es 2" in text_of(response)
    assert sum(ByteCounter.received) == 2 * len(PDF)


def test_files_within_the_limit_arrive_whole(world: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.SPAM_MIN_SECONDS = 0
    ana = Client()
    data = PDF + b"1" * (200 * 1024)

    ana.post("/pqrs/radicar/", form_data(ana, attachments=[SimpleUploadedFile("f.pdf", data)]))

    attachment = Case.objects.get().attachments.get()
    assert attachment.size == len(data)
    with attachment.file.open("rb") as stored:
        assert stored.read() == data
