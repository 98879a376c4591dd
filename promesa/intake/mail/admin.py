"""Admin pages for e-mail intake: mailboxes are configured here; messages are read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from promesa.core.scoped_admin import OrganizationScopedAdmin
from promesa.intake.mail.models import InboundMessage, Mailbox


@admin.register(Mailbox)
class MailboxAdmin(OrganizationScopedAdmin):
    list_display = ("name", "organization", "host", "username", "folder", "is_active")
    list_filter = ("is_active", "organization")


@admin.register(InboundMessage)
class InboundMessageAdmin(OrganizationScopedAdmin):
    organization_lookup = "mailbox__organization"
    list_display = ("received_at", "status", "sender", "subject", "case", "mailbox", "size")
    list_filter = ("status", "mailbox")
    search_fields = ("message_id", "sender", "subject", "sha256")
    list_select_related = ("case", "mailbox")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in InboundMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
