"""An upload handler that stops writing a file once it passes the attachment limit.

Django's own handlers write every byte of an upload to memory or to a temporary file before
any form sees it, so a 200 MB file reached the disk only to be refused. This handler runs
first and counts each file's bytes as they stream in: past ``ATTACHMENT_MAX_BYTES`` (or past
``ATTACHMENT_MAX_COUNT`` files) it swallows the rest, so the handlers after it stop
receiving data, and it stands in for the file with an empty placeholder that keeps the
size seen. The forms' checks (``validate_uploads``) then refuse it by its size or count
with their usual message.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(InMemoryUploadedFile):
    """A file refused while streaming: no content, only its name and the bytes seen."""

    too_large = True


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files_seen = 0
        self.seen = 0
        self.over = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.files_seen += 1
        self.seen = 0
        self.over = self.files_seen > settings.ATTACHMENT_MAX_COUNT

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        if self.seen > settings.ATTACHMENT_MAX_BYTES:
            self.over = True
        # None keeps the chunk from the handlers that write it to memory or disk.
        return None if self.over else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.over:
            return None  # the next handler returns the real file
        return OversizedUpload(
            file=io.BytesIO(),
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.seen,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
