"""Background tasks of the accounts app: thin wrappers that call notifications."""

from django_tasks import task

from promesa.accounts.models import User
from promesa.notifications.email import send_welcome


@task()
def send_welcome_email(user_id: int) -> None:
    """Send the welcome e-mail; a user deleted since enqueueing gets nothing."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.is_active:
        return
    send_welcome(
        email=user.email,
        full_name=user.full_name,
        role_label=str(user.get_role_display()),
        language=user.language,
    )
