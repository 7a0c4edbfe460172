from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PokjaConfig(AppConfig):
    """Core app: the kernel (scoping, policy, records, verification, registry), regions,
    accounts and roles, the Pokja records and their effectiveness."""

    name = "pokja"
    verbose_name = _("Pokja Bangga Kencana")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_migrate, pre_delete

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
        post_migrate.connect(
            _install_evidence_stamps, sender=self, dispatch_uid="pokja.evidence_stamps"
        )


def _install_evidence_stamps(sender, using, plan=None, **kwargs) -> None:
    """Put the evidence tables' triggers back after a `migrate`: SQLite drops a table's triggers
    when a migration rebuilds it (pokja/effectiveness/stamps.py). Not after a `flush` (no
    plan), which empties tables and keeps their triggers: the tests flush after each
    transactional test."""
    if plan is None:
        return
    from django.db import connections

    from pokja.effectiveness import stamps

    stamps.install(connections[using])
