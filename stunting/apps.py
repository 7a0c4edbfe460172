from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StuntingConfig(AppConfig):
    """Stunting: prevalence by source against the target path, TPPS teams and their reports."""

    name = "stunting"
    verbose_name = _("Stunting")

    def ready(self):
        from pokja.kernel.registry import registry
        from stunting import registrations  # noqa: F401  (fills the kernel's registry)
        from stunting.models import OverdueReport

        # Not the overdue reports: the nightly job rewrites them all in bulk and bumps itself
        # (with a receiver, deleting them would send a signal a row).
        registry.add_cached_models(*(m for m in self.get_models() if m is not OverdueReport))
