"""Background tasks of the accounts app: thin wrappers that call notifications."""

from django.db import transaction
from django_tasks import task

from promesa.accounts.models import User
from promesa.notifications.email import put_welcome
from promesa.notifications.outbox import outbox_deliver


@task()
def send_welcome_email(user_id: int) -> None:
    """Write the welcome e-mail to the outbox, once, and send it; a user deleted since
    enqueueing gets nothing."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.is_active:
        return
    with transaction.atomic():
        written = put_welcome(
            user_id=user.pk,
            email=user.email,
            full_name=user.full_name,
            role_label=str(user.get_role_display()),
            language=user.language,
            deliver_on_commit=False,
        )
    outbox_deliver([written.pk])
