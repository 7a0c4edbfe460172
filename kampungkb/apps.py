from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KampungKBConfig(AppConfig):
    """Kampung KB: the village registry, monthly profiles, maturity classes and dashboards."""

    name = "kampungkb"
    verbose_name = _("Kampung KB")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kampungkb import registrations  # noqa: F401  (fills pokja's registry)
