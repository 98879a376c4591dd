from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeMailConfig(AppConfig):
    name = "promesa.intake.mail"
    label = "intake_mail"
    verbose_name = _("E-mail intake")
