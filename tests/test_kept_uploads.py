"""Files survive a refused submit (#20): every valid file of a form that comes back with an error
is kept for its owner (pokja/kernel/kept_uploads.py), shown as "Sudah diunggah: x.pdf", and used
on the resubmit without being chosen again. Another user's token attaches nothing; kept files
expire and the housekeeping removes them."""

import datetime
import re

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kampungkb.models import Activity, Profile
from kampungkb.record_types import ACTIVITIES, PROFILES
from pokja.kernel import kept_uploads
from pokja.models import KeptUpload
from pokja.services.housekeeping import run_housekeeping
from stunting.models import SemesterReport
from stunting.record_types import REPORTS
from tests.helpers import PDF, PNG, kampung_edit_url, kampung_post, profile_post

TOKEN = re.compile(r'name="(?P<name>[\w-]+)-kept" value="(?P<token>[0-9a-f-]{36})"')


def kept_tokens(response) -> dict[str, str]:
    return {m["name"]: m["token"] for m in TOKEN.finditer(response.content.decode())}


def refused_profile(client, kampung, **fields):
    """A profile with an RKM file and an error elsewhere (more KB users than PUS)."""
    return client.post(
        PROFILES.create_url(kampung),
        profile_post(
            has_rkm="on",
            kb_pill="5",
            pus="1",
            rkm_document=SimpleUploadedFile("rencana kerja.pdf", PDF),
            **fields,
        ),
    )


def test_a_refused_form_keeps_the_file_and_the_resubmit_saves_it(
    client_for, operator, two_villages, django_capture_on_commit_callbacks
):
    client = client_for(operator)
    response = refused_profile(client, two_villages[0])

    assert response.status_code == 200
    assert "pus" in response.context["form"].errors
    html = response.content.decode()
    assert "Sudah diunggah:" in html and "rencana kerja.pdf" in html
    assert "Pilih berkasnya lagi" not in html  # the old "files are dropped" text is gone
    tokens = kept_tokens(response)
    assert set(tokens) == {"rkm_document"}
    kept = KeptUpload.objects.get()
    assert kept.owner == operator and kept.original_name == "rencana kerja.pdf"

    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            PROFILES.create_url(two_villages[0]),
            profile_post(has_rkm="on", pus="10", kb_pill="5", **{"rkm_document-kept": kept.token}),
        )

    assert saved.status_code == 302, saved.context["form"].errors
    profile = Profile.objects.get()
    assert profile.rkm_document.name.startswith("evidence/") and profile.rkm_document.read() == PDF
    assert profile.rkm_document_name == "rencana kerja.pdf"
    assert not KeptUpload.objects.exists()  # used: the kept copy is gone
    assert not default_storage.exists(kept.file.name)


def test_the_kept_file_shows_again_while_the_form_keeps_coming_back(
    client_for, operator, two_villages
):
    client = client_for(operator)
    token = kept_tokens(refused_profile(client, two_villages[0]))["rkm_document"]
    again = client.post(
        PROFILES.create_url(two_villages[0]),
        profile_post(has_rkm="on", pus="1", kb_pill="5", **{"rkm_document-kept": token}),
    )
    assert kept_tokens(again) == {"rkm_document": token}
    assert KeptUpload.objects.count() == 1


def test_another_users_token_attaches_nothing(
    client_for, operator, other_operator, two_villages, client
):
    token = kept_tokens(refused_profile(client_for(operator), two_villages[0]))["rkm_document"]
    client.force_login(other_operator)
    response = client.post(
        PROFILES.create_url(two_villages[1]),
        profile_post(**{"rkm_document-kept": token}),
    )
    assert response.status_code == 302
    stolen = Profile.objects.get(kampung=two_villages[1])
    assert not stolen.rkm_document
    assert KeptUpload.objects.get().owner == operator  # still the owner's, untouched


def test_an_expired_token_is_ignored_and_housekeeping_removes_the_file(
    client_for, operator, two_villages
):
    client = client_for(operator)
    token = kept_tokens(refused_profile(client, two_villages[0]))["rkm_document"]
    kept = KeptUpload.objects.get()
    KeptUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))

    response = client.post(
        PROFILES.create_url(two_villages[0]),
        profile_post(has_rkm="on", **{"rkm_document-kept": token}),
    )
    assert response.status_code == 302
    assert not Profile.objects.get().rkm_document

    heartbeat = run_housekeeping()
    assert "expired kept uploads removed: 1" in heartbeat.detail
    assert not KeptUpload.objects.exists()
    assert not default_storage.exists(kept.file.name)


def test_a_fresh_kept_file_survives_housekeeping(client_for, operator, two_villages):
    refused_profile(client_for(operator), two_villages[0])
    assert kept_uploads.remove_expired() == 0
    assert KeptUpload.objects.count() == 1


def test_remove_drops_the_kept_file(client_for, operator, two_villages):
    client = client_for(operator)
    token = kept_tokens(refused_profile(client, two_villages[0]))["rkm_document"]
    response = client.post(
        PROFILES.create_url(two_villages[0]),
        profile_post(**{"rkm_document-kept": token, "rkm_document-kept-remove": "on"}),
    )
    assert response.status_code == 302
    assert not Profile.objects.get().rkm_document
    assert not KeptUpload.objects.exists()


def test_a_newly_chosen_file_replaces_the_kept_one(client_for, operator, two_villages):
    client = client_for(operator)
    token = kept_tokens(refused_profile(client, two_villages[0]))["rkm_document"]
    newer = PDF.replace(b"1.4", b"1.7")
    client.post(
        PROFILES.create_url(two_villages[0]),
        profile_post(
            has_rkm="on",
            rkm_document=SimpleUploadedFile("baru.pdf", newer),
            **{"rkm_document-kept": token},
        ),
    )
    profile = Profile.objects.get()
    assert profile.rkm_document.read() == newer
    assert profile.rkm_document_name == "baru.pdf"


def test_an_invalid_file_is_not_kept(client_for, operator, two_villages):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    response = client_for(operator).post(
        PROFILES.create_url(two_villages[0]),
        profile_post(has_rkm="on", rkm_document=SimpleUploadedFile("rkm.pdf", png)),
    )
    assert "rkm_document" in response.context["form"].errors
    assert kept_tokens(response) == {}
    assert not KeptUpload.objects.exists()


def test_the_tpps_report_keeps_its_file_too(client_for, koord_6371, banjarmasin):
    client = client_for(koord_6371)
    url = REPORTS.create_url(banjarmasin)
    report = {
        "year": str(timezone.localdate().year),
        "semester": "1",
        "children_measured": "100",
        "children_stunted": "500",  # more stunted than measured: refused
        "families_accompanied": "0",
        "status": "draf",
    }
    refused = client.post(url, {**report, "document": SimpleUploadedFile("laporan.pdf", PDF)})
    token = kept_tokens(refused)["document"]
    assert "Sudah diunggah:" in refused.content.decode()

    saved = client.post(url, {**report, "children_stunted": "20", "document-kept": token})
    assert saved.status_code == 302, saved.context["form"].errors
    stored = SemesterReport.objects.get()
    assert stored.document_name == "laporan.pdf" and stored.document.read() == PDF


def test_the_kampung_kb_photo_is_kept_too(client_for, koord_6371, two_villages):
    kampung = two_villages[0]
    client = client_for(koord_6371)
    url = kampung_edit_url(kampung)
    refused = client.post(
        url, kampung_post(kampung, coverage="", photo=SimpleUploadedFile("balai.png", PNG))
    )
    token = kept_tokens(refused)["photo"]
    saved = client.post(url, kampung_post(kampung, **{"photo-kept": token}))
    assert saved.status_code == 302
    kampung.refresh_from_db()
    assert _same_picture(kampung.photo, PNG)  # stored re-encoded: the same pixels


def test_an_activity_photo_is_kept_too(client_for, operator, two_villages):
    client = client_for(operator)
    url = ACTIVITIES.create_url(two_villages[0])
    activity = {
        "held_on": "10/03/2025",
        "place": "Balai desa",
        "description": "Penyuluhan KB",
        "family_function": "education",
        "target_group": "",  # missing: refused
        "status": "draf",
    }
    refused = client.post(url, {**activity, "document": SimpleUploadedFile("foto.png", PNG)})
    token = kept_tokens(refused)["document"]
    saved = client.post(url, {**activity, "target_group": "Remaja", "document-kept": token})
    assert saved.status_code == 302, saved.context["form"].errors
    stored = Activity.objects.get()
    assert stored.document_name == "foto.png" and _same_picture(stored.document, PNG)


def _same_picture(stored, original: bytes) -> bool:
    """Images are stored re-encoded (metadata stripped), so compare pixels, not bytes."""
    from io import BytesIO

    from PIL import Image

    with Image.open(stored) as kept, Image.open(BytesIO(original)) as sent:
        return (
            kept.size == sent.size
            and kept.convert("RGB").tobytes() == sent.convert("RGB").tobytes()
        )
