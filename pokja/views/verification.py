"""Verifying several records of one kind at once, from the verification queue.

A thin view: the form reads the chosen rows, `workflow.records_verify` verifies each through the
workflow (its policy, its state, its version, its own history entry), and the queue shows what
was verified and, one by one, what was not and why. The refusals follow the policy's rule:
nothing chosen is in the user's scope → 404; the user may verify none of it → 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pokja.forms_verification import BatchVerifyForm
from pokja.kernel import policy, workflow


def _back(request) -> str:
    """The queue page the form was sent from, with its filters and page."""
    target = request.POST.get("next", "")
    queue = reverse("pokja:verification_queue")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe and target.startswith(queue) else queue


@require_POST
def verification_batch(request):
    if not policy.may_use_verification_queue(request.user):
        raise PermissionDenied(_("You may not verify, reject or return this record."))
    form = BatchVerifyForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("item", []) + form.errors.get("note", []):
            messages.error(request, error)
        return redirect(_back(request))
    model, chosen = form.entry.model, form.chosen
    in_scope = (
        model.objects.for_user(request.user)
        .filter(pk__in=[pk for pk, _v in chosen])
        .select_related(*form.entry.select_related)
    )
    if not in_scope.exists():
        raise Http404
    if not any(policy.may_verify(request.user, record) for record in in_scope):
        raise PermissionDenied(_("You may not verify, reject or return this record."))
    outcome = workflow.records_verify(
        model=model, items=chosen, user=request.user, note=form.cleaned_data["note"]
    )
    if outcome.verified:
        count = len(outcome.verified)
        messages.success(
            request,
            ngettext("%(count)s record verified.", "%(count)s records verified.", count)
            % {"count": count},
        )
    for refusal in outcome.refused:
        messages.warning(request, refusal)
    if outcome.missing:
        messages.warning(
            request,
            ngettext(
                "%(count)s chosen record is no longer in your queue (deleted or moved).",
                "%(count)s chosen records are no longer in your queue (deleted or moved).",
                outcome.missing,
            )
            % {"count": outcome.missing},
        )
    return redirect(_back(request))
