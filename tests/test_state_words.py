"""A record's state has one word everywhere (DOMAIN.md, "Official names"): its page, its form,
its list, the verification queue, the API, the export and the e-mail say the same thing.

Each test collects the words a state is shown with, place by place, and compares them with the
word DOMAIN.md's vocabulary gives it. A TPPS semester report once said "Diterima" on its page
while the API said `terverifikasi`, and "Dikembalikan" beside a "Ditolak:" banner.
"""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from pokja.reminders.digest import send_digests
from pokja.reminders.services import refresh
from tests import factories as f
from tests.factories_stunting import SemesterReportFactory
from tests.helpers import csv_rows
from tests.kernel.api_contract import api_client

# DOMAIN.md's vocabulary: Terverifikasi, Diajukan, Ditolak; and Draf.
WORDS = {
    "draf": "Draf",
    "diajukan": "Diajukan",
    "terverifikasi": "Terverifikasi",
    "ditolak": "Ditolak",
}
BADGE = re.compile(r'<span class="badge status-(\w+) [^"]*">([^<]+)</span>')
BANNER = re.compile(r'<div class="alert alert-danger"[^>]*><strong>([^<]+):</strong>')


def badge_words(html: str, status: str) -> set[str]:
    return {word for value, word in BADGE.findall(html) if value == status}


def form_words(html: str, status: str) -> set[str]:
    """The state as the edit form shows it: the status dropdown's option for the current state,
    or, for a rejected record (which is not offered "rejected" again), the banner's word."""
    option = re.search(rf'<option value="{status}"[^>]*>([^<]+)</option>', html)
    words = {option.group(1)} if option else set()
    return words | set(BANNER.findall(html))


def api_words(user, basename: str, record) -> set[str]:
    data = api_client(user).get(reverse(f"api:{basename}-detail", args=[record.pk])).json()
    assert data["status"] == WORDS[record.status].lower()  # the machine value is the word too
    return {data["status_label"]}


def page_words(client, url: str, status: str) -> dict[str, set[str]]:
    html = client.get(url).content.decode()
    return {"badge": badge_words(html, status), "banner": set(BANNER.findall(html))}


def words_of_decree(client, user, record) -> dict[str, set[str]]:
    status = record.status
    detail = page_words(client, record.get_absolute_url(), status)
    listing = client.get(reverse("pokja:decree_list")).content.decode()
    export = csv_rows(client.get(reverse("pokja:decree_list") + "?_export=csv"))
    column = export[0].index("Status")
    edit = client.get(reverse("pokja:decree_edit", args=[record.pk])).content.decode()
    return {
        "page": detail["badge"],
        "page banner": detail["banner"],
        "form": form_words(edit, status),
        "list": badge_words(listing, status),
        "export": {row[column] for row in export[1:]},
        "api": api_words(user, "decree", record),
    }


def words_of_report(client, user, record) -> dict[str, set[str]]:
    status = record.status
    detail = page_words(client, record.get_absolute_url(), status)
    region = reverse("stunting:region", args=[record.region_id]) + f"?tahun={record.year}"
    edit = client.get(reverse("stunting:semesterreport_edit", args=[record.pk])).content.decode()
    return {
        "page": detail["badge"],
        "page banner": detail["banner"],
        "form": form_words(edit, status),
        "list": badge_words(client.get(region).content.decode(), status),
        "api": api_words(user, "semesterreport", record),
    }


def assert_one_word(places: dict[str, set[str]], status: str) -> None:
    shown = {place: words for place, words in places.items() if words}
    assert {place: WORDS[status] for place in shown} == {
        place: ", ".join(sorted(words)) for place, words in shown.items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(WORDS))
def test_a_decree_state_has_one_word_on_page_form_list_export_and_api(
    status, client_for, staf_kalsel, banjarmasin
):
    record = f.DecreeFactory(pokja=f.PokjaFactory(region=banjarmasin), status=status)
    if status == "ditolak":
        record.rejection_reason = "Lampiran tidak terbaca"
        record.save()

    places = words_of_decree(client_for(staf_kalsel), staf_kalsel, record)

    assert_one_word(places, status)
    for place in ("page", "list", "export", "api"):
        assert places[place], f"the {place} does not show the state"


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(WORDS))
def test_a_tpps_report_state_has_the_same_words_as_every_record(
    status, client_for, staf_kalsel, banjarmasin
):
    record = SemesterReportFactory(region=banjarmasin, year=datetime.date.today().year - 1)
    record.status = status
    record.rejection_reason = "Angka balita diukur belum lengkap" if status == "ditolak" else ""
    record.save()

    places = words_of_report(client_for(staf_kalsel), staf_kalsel, record)

    assert_one_word(places, status)
    for place in ("page", "list", "api"):
        assert places[place], f"the {place} does not show the state"
    if status == "ditolak":
        assert places["page banner"] == places["form"] == {"Ditolak"}


@pytest.mark.django_db
def test_the_queue_and_the_e_mail_use_the_states_words(
    client_for, staf_kalsel, koord_6371, banjarmasin
):
    pokja = f.PokjaFactory(region=banjarmasin)
    submitted = f.DecreeFactory(pokja=pokja, number="SK-DIAJUKAN", status="diajukan")
    f.DecreeFactory(
        pokja=pokja, number="SK-DITOLAK", status="ditolak", rejection_reason="Tanggal salah"
    )
    SemesterReportFactory(region=banjarmasin, status="ditolak", rejection_reason="Belum lengkap")
    koord_6371.email = "koord@example.org"
    koord_6371.save()

    queue = client_for(staf_kalsel).get(reverse("pokja:verification_queue")).content.decode()
    refresh()
    today = datetime.date.today()
    send_digests(today=today - datetime.timedelta(days=today.weekday()))

    assert submitted.get_absolute_url() in queue
    assert "diajukan" in queue  # "Data yang diajukan untuk verifikasi ..."
    [message] = mail.outbox
    rejected = sorted(
        line for line in message.body.splitlines() if "DITOLAK" in line or "TPPS" in line
    )
    assert rejected == [
        "- Laporan semester TPPS Kota Banjarmasin, semester 1 2024, ditolak: perbaiki dan kirim "
        "ulang",
        "- SK Kota Banjarmasin, nomor SK-DITOLAK, ditolak: perbaiki dan kirim ulang",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("action, status", [("reject", "diajukan"), ("return", "terverifikasi")])
def test_sending_a_record_back_says_ditolak_in_the_message_and_the_history(
    action, status, client_for, staf_kalsel, banjarmasin
):
    record = SemesterReportFactory(region=banjarmasin, status=status)
    client = client_for(staf_kalsel)

    response = client.post(
        reverse("stunting:semesterreport_status", args=[record.pk]),
        {"action": action, "reason": "Angka belum lengkap", "expected_status": status},
        follow=True,
    )

    html = response.content.decode()
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Ditolak;")
    history = re.search(r'id="riwayat".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    newest = re.search(r"<small[^>]*>([^<]+)</small>", history).group(1)
    assert newest.startswith("Ditolak")
    assert "Dikembalikan" not in html and "Diterima" not in html
