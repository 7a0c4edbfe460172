from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """ "Perlu tindakan": what needs each user's action, computed nightly, and the e-mail digest."""

    name = "pokja.reminders"
    label = "reminders"
    verbose_name = _("Reminders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from pokja.reminders import registrations  # noqa: F401
        from pokja.reminders.services import warm_count

        # Counted once at login, so pages afterwards read the navbar count from the cache.
        user_logged_in.connect(warm_count, dispatch_uid="reminders-warm-count")
