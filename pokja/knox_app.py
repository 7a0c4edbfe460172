"""django-rest-knox (personal API tokens) under names admins understand: its admin section said
"KNOX" and its list "Auth tokens", and the package has no translations at all.

The names are set on the model's options when the app is ready, as lazy translations of the
package's own English words, so `makemigrations` (which runs untranslated) sees no change.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FIELD_NAMES = {
    "digest": _("digest"),
    "token_key": _("token key"),
    "created": _("created"),
    "expiry": _("expiry"),
    "user": _("user"),
}


class KnoxConfig(AppConfig):
    name = "knox"
    label = "knox"
    verbose_name = _("API access")

    def ready(self):
        from knox.models import AuthToken

        meta = AuthToken._meta
        meta.verbose_name = _("auth token")
        meta.verbose_name_plural = _("auth tokens")
        for name, label in FIELD_NAMES.items():
            meta.get_field(name).verbose_name = label
