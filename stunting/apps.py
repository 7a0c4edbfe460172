from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StuntingConfig(AppConfig):
    """Stunting: prevalence by source against the target path, TPPS teams and their reports."""

    name = "stunting"
    verbose_name = _("Stunting")

    def ready(self):
        from stunting import registrations  # noqa: F401  (fills the kernel's registry)
