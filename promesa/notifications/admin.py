from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from promesa.core.scoped_admin import OrganizationScopedAdmin
from promesa.notifications.models import OutboxAttachment, OutboxMessage
from promesa.notifications.outbox import outbox_retry_now


class OutboxAttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    fields = ("name", "content_type", "file")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(OrganizationScopedAdmin):
    """Every outgoing message, read-only: what left, what waits and what failed, and why.

    Each organization's staff see the messages about its cases; messages about no
    organization (staff welcomes) only the install operator.
    """

    organization_lookup = "organization_id"

    list_display = (
        "created_at",
        "kind",
        "recipients",
        "subject",
        "filing_number",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("state", "kind")
    search_fields = ("to", "subject", "filing_number", "message_id")
    date_hierarchy = "created_at"
    inlines = (OutboxAttachmentInline,)
    actions = ("retry_now",)
    # Not the body: an acknowledgement not yet sent carries the tracking code (decision
    # 0007), and an answer is the case's content, read on the case page by those allowed.
    readonly_fields = tuple(
        field.name
        for field in OutboxMessage._meta.fields
        if field.name not in {"id", "body", "redact"}
    )
    fields = readonly_fields

    @admin.display(description=pgettext_lazy("outbox", "to"))
    def recipients(self, obj: OutboxMessage) -> str:
        return ", ".join(obj.to)

    @admin.action(description=_("Retry now"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = outbox_retry_now(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be tried again now.",
                "%(count)d messages will be tried again now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The list and the detail are read-only; "retry now" is an action, not an edit.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
