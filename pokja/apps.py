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
        from pokja.services.accounts import refuse_deleting_users_with_a_trail

        pre_delete.connect(
            refuse_deleting_users_with_a_trail,
            sender=get_user_model(),
            dispatch_uid="pokja.refuse_deleting_users_with_a_trail",
        )
        pagecache.connect_signals()  # every write makes cached page parts obsolete
