from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "promesa.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from promesa.core.middleware import start_activity_clock

        user_logged_in.connect(start_activity_clock, dispatch_uid="promesa-activity-clock")
