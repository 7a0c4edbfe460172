from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PokjaConfig(AppConfig):
    """Core app: the kernel (scoping, policy, records, verification, registry), regions,
    accounts and roles, the Pokja records and their effectiveness."""

    name = "pokja"
    verbose_name = _("Pokja Bangga Kencana")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from pokja import registrations  # noqa: F401  (fills the kernel's registry)
        from pokja.kernel import pagecache
        from pokja.kernel.registry import registry
        from pokja.models import ExportJob, WorkerHeartbeat
        from pokja.services.accounts import refuse_deleting_users_with_a_trail

        pre_delete.connect(
            refuse_deleting_users_with_a_trail,
            sender=get_user_model(),
            dispatch_uid="pokja.refuse_deleting_users_with_a_trail",
        )
        # Every write makes cached page parts obsolete, except the heartbeat beat writes every
        # few minutes and an export's progress, written every chunk: no page shows them.
        registry.add_cached_models(
            *(m for m in self.get_models() if m not in (WorkerHeartbeat, ExportJob))
        )
        pagecache.connect_signals()
