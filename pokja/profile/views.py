"""The profile page: personal API tokens (created, shown once, revoked) and the digest choice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pokja.api import tokens
from pokja.reminders.forms import DigestPreferenceForm, TokenForm
from pokja.reminders.models import ReminderPreference


def _preference(user) -> ReminderPreference:
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


def _page(request, *, token_form=None, new_token=None, status=200):
    return render(
        request,
        "reminders/profile.html",
        {
            "tokens": tokens.tokens_of(request.user),
            "token_form": token_form or TokenForm(),
            "new_token": new_token,
            "digest_form": DigestPreferenceForm(instance=_preference(request.user)),
        },
        status=status,
    )


@require_GET
def profile(request):
    return _page(request)


@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, plain = tokens.token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Shown on this response only: the portal keeps the token's hash, never the token.
            messages.success(request, _("Token created. Copy it now: it is not shown again."))
            return _page(request, new_token={"token": token, "plain": plain})
    messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return _page(request, token_form=form, status=400)


@require_POST
def token_revoke(request, key: str):
    if tokens.token_revoke(user=request.user, token_key=key):
        messages.success(request, _("The token has been revoked."))
    return redirect("profile:profile")


@require_POST
def digest_preference(request):
    form = DigestPreferenceForm(request.POST, instance=_preference(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail digest choice has been saved."))
    else:
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return redirect("profile:profile")
