from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PokjaConfig(AppConfig):
    """Core app: regions, accounts and roles, working groups and their effectiveness."""

    name = "pokja"
    verbose_name = _("Pokja Bangga Kencana")
