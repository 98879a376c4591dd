"""Staff pages of the cases app that the workspace does not own: attachment downloads."""

from typing import cast
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from promesa.accounts.models import User
from promesa.cases.models import Attachment
from promesa.cases.selectors import cases_visible_to


def attachment_response(item: Attachment) -> FileResponse:
    """Send a stored attachment as a download, never rendered inline by the browser."""
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def attachment_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    """Staff who may see the case's area download its files; anyone else gets 404."""
    user = cast(User, request.user)
    item = get_object_or_404(Attachment, public_id=public_id, case__in=cases_visible_to(user))
    return attachment_response(item)
