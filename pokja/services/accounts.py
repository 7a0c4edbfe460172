"""Accounts that left a trail in the data are deactivated, never deleted.

Every history row names its author through `history_user`, a foreign key that django-simple-history
sets to NULL when the user row disappears, so deleting an account turned its name into "sistem"
in every history entry (and emptied `created_by` / `verified_by`). The root fix is to refuse the
deletion itself, wherever it comes from (admin, shell, a queryset), for any account the portal's
own data still points to; such an account is deactivated instead.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

# Django's own and third-party bookkeeping (sessions, login attempts, admin log) is not audit data
# of the portal; everything else that points to a user is.
NOT_A_TRAIL = {"admin", "auth", "contenttypes", "sessions", "axes", "health_check"}


def _trail_fields():
    user_model = get_user_model()
    for model in apps.get_models():
        if model._meta.app_label in NOT_A_TRAIL or model is user_model:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                yield model, field


def user_has_trail(user) -> bool:
    """Whether any record or history row of the portal refers to this account."""
    return any(
        model._base_manager.filter(**{field.attname: user.pk}).exists()
        for model, field in _trail_fields()
    )


def trail_explanation(user) -> str:
    return _(
        "The account %(user)s created, changed or verified data, so it cannot be deleted: the "
        "history must keep showing who did what. Deactivate it instead (untick “Active”, or "
        "use the action “Deactivate selected users”)."
    ) % {"user": user.get_username()}


def refuse_deleting_users_with_a_trail(sender, instance, **kwargs) -> None:
    """pre_delete receiver for the user model."""
    if user_has_trail(instance):
        raise ProtectedError(trail_explanation(instance), set())
