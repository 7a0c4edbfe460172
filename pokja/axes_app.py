"""django-axes under a name admins understand: its admin section said "AXES", and the package
has no Indonesian catalogue, so its model names are translated in ours."""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# The names django-axes shows in admin; listed here so that `make messages` keeps them.
AXES_NAMES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
)


class AxesConfig(AppConfig):
    verbose_name = _("Login attempts")
