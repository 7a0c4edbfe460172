"""The role rules in one place each: the kernel's policy names no app (the apps register their
actions and returned kinds in `ready()`), the province-targets rule (targets/policy.py), who
reads the run log (page and API alike) and the status a saved achievement is left in."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from pokja.kernel import policy
from pokja.kernel.registry import registry
from pokja.kernel.verification import Status
from pokja.models import AssessmentRun
from targets import policy as targets_policy
from targets.panels import RETURNED_ACHIEVEMENTS

YEAR = 2026


def _may(user, action: str, obj) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load portal %}{% may action obj as flag %}{{ flag }}")
    return template.render(Context({"request": request, "action": action, "obj": obj}))


def test_a_template_asks_an_action_the_kampung_kb_app_registered(
    koord_6371, koord_6372, operator, banjarmasin
):
    assert _may(koord_6371, "manage_village_programs", banjarmasin) == "True"
    assert _may(koord_6372, "manage_village_programs", banjarmasin) == "False"
    assert _may(operator, "manage_village_programs", banjarmasin) == "False"


def test_every_app_registers_what_its_province_sends_back_in_the_kernel_registry():
    assert RETURNED_ACHIEVEMENTS in registry.returned_kinds
    # The Pokja record types and the stunting figures and reports: one kind each.
    assert len(registry.returned_kinds) >= 1 + 2 + 4


# --- The province's targets --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "reads_targets", "reads_every_share"),
    [
        ("admin", True, True),
        ("staf_kalsel", True, True),
        ("pusat", True, True),
        ("koord_6371", True, False),  # its province's targets, with its own share only
        ("staf_sulsel", False, False),
        ("operator", False, False),
    ],
)
def test_who_reads_the_province_targets(request, kalsel, persona, reads_targets, reads_every_share):
    user = request.getfixturevalue(persona)

    assert targets_policy.may_read_province_targets(user, kalsel.code) is reads_targets
    assert targets_policy.may_read_every_share(user, kalsel.code) is reads_every_share


def test_a_coordinator_enters_achievements_but_never_opens_the_pages_of_every_share(
    client_for, koord_6371, kalsel
):
    client = client_for(koord_6371)

    assert client.get(reverse("targets:achievements", args=["63", YEAR])).status_code == 200
    assert client.get(reverse("targets:index", args=["63", YEAR])).status_code == 404
    assert client.get(reverse("targets:rakerda", args=["63", YEAR])).status_code == 404


# --- The run log ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "reads"),
    [("admin", True), ("staf_kalsel", True), ("koord_6371", False), ("pusat", False)],
)
def test_the_run_log_page_and_api_answer_alike(client, request, kalsel, persona, reads):
    AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.NIGHTLY, status=AssessmentRun.Status.DONE, years=[YEAR]
    )
    client.force_login(request.getfixturevalue(persona))

    page = client.get(reverse("pokja:run_log"))
    api = client.get("/api/v1/assessment-runs/").json()

    assert page.status_code == (200 if reads else 404)
    assert bool(api["results"]) is reads


# --- The status a saved achievement is left in ---------------------------------------------


@pytest.mark.parametrize(
    ("persona", "submit", "status"),
    [
        ("koord_6371", False, Status.DRAF),
        ("koord_6371", True, Status.DIAJUKAN),
        ("staf_kalsel", False, Status.TERVERIFIKASI),
        ("admin", True, Status.TERVERIFIKASI),
        ("operator", True, Status.DIAJUKAN),  # never verified by its own entry
        ("pusat", True, Status.DRAF),  # reads only: nothing to set (the service refuses it)
    ],
)
def test_the_status_a_save_leaves_follows_the_statuses_the_user_may_set(
    request, persona, submit, status
):
    user = request.getfixturevalue(persona)

    assert policy.status_after_save(user, submit=submit) == status
