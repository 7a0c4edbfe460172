from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KampungKBConfig(AppConfig):
    """Kampung KB: the village registry, monthly profiles, maturity classes and dashboards."""

    name = "kampungkb"
    verbose_name = _("Kampung KB")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kampungkb import registrations  # noqa: F401  (fills pokja's registry)
        from kampungkb.policy import may_manage_village_programs, may_work_offline
        from pokja.kernel import policy
        from pokja.kernel.registry import registry

        registry.add_cached_models(*self.get_models())  # the pages show every one of them
        # {% may "manage_village_programs" region as flag %}
        policy.add_action(
            "manage_village_programs",
            lambda user, region: may_manage_village_programs(user, region.code),
        )
        # {% may "work_offline" as flag %}: the installable app and its queue (base.html)
        policy.add_action("work_offline", lambda user, obj=None: may_work_offline(user))
