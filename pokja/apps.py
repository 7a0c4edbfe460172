from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PokjaConfig(AppConfig):
    """Core app: the kernel (scoping, policy, records, verification, registry), regions,
    accounts and roles, the Pokja records and their effectiveness."""

    name = "pokja"
    verbose_name = _("Pokja Bangga Kencana")

    def ready(self):
        from pokja import registrations  # noqa: F401  (fills the kernel's registry)
