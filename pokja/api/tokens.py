"""Personal API tokens: created and revoked by their owner on the profile page."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken
from knox.settings import knox_settings

from pokja.api.models import TokenName
from pokja.models import User


def tokens_of(user: User):
    return (
        AuthToken.objects.filter(user=user, expiry__gt=timezone.now())
        .select_related("name")
        .order_by("-created")
    )


@transaction.atomic
def token_create(*, user: User, name: str, days: int) -> tuple[AuthToken, str]:
    """A new token; the plain text is returned once and never stored."""
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            _("Choose a validity of at most %(days)s days.") % {"days": settings.API_TOKEN_MAX_DAYS}
        )
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and tokens_of(user).count() >= limit:
        raise ValidationError(
            _("You already have %(limit)s tokens: revoke one first.") % {"limit": limit}
        )
    token, plain = AuthToken.objects.create(user=user, expiry=datetime.timedelta(days=days))
    TokenName.objects.create(token=token, name=name)
    return token, plain


def token_revoke(*, user: User, token_key: str) -> int:
    """Revoke the user's own token(s) with this key; another user's key revokes nothing."""
    deleted, _rows = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted
