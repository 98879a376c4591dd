from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "promesa.cases"
    label = "cases"
    verbose_name = _("Cases (PQRS)")

    def ready(self) -> None:
        from promesa.cases import subscribers

        subscribers.register()
