from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevDataConfig(AppConfig):
    """Demo and benchmark data; installed by the local and test settings, never in production."""

    name = "pokja.devdata"
    label = "devdata"
    verbose_name = _("Development data")
