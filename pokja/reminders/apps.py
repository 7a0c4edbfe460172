from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """ "Perlu tindakan": what needs each user's action, computed nightly, and the e-mail digest."""

    name = "pokja.reminders"
    label = "reminders"
    verbose_name = _("Reminders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pokja.reminders import registrations  # noqa: F401
