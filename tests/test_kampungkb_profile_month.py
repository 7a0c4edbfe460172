"""No dead end on the monthly profile (#20): a month already entered opens that profile, the form
offers a month still missing, a collision names the month and links to the profile (its files
kept), the saved profile reads in labels, and every file of it is listed under "Dokumen"."""

import datetime
import re

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kampungkb import profile_months
from kampungkb.models import Profile
from kampungkb.record_types import PROFILES
from pokja.models import KeptUpload
from tests.helpers import PDF, profile_post
from tests.kampungkb_factories import ProfileFactory

THIS_MONTH = timezone.localdate().replace(day=1)
LAST_MONTH = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)


def words(month: datetime.date) -> str:
    """A month as the pages say it: "Desember 2026" (config/formats/id)."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def edit_url(profile):
    return reverse("kampungkb:profile_edit", args=[profile.pk])


def test_opening_the_form_for_a_month_with_a_draft_opens_the_draft(
    client_for, operator, two_villages
):
    draft = ProfileFactory(kampung=two_villages[0], period=THIS_MONTH)
    response = client_for(operator).get(
        PROFILES.create_url(two_villages[0]) + f"?bulan={THIS_MONTH:%m/%Y}", follow=True
    )
    assert response.redirect_chain[-1][0] == edit_url(draft)
    assert f"Bulan {words(THIS_MONTH)} sudah memiliki profil" in response.content.decode()


def test_a_month_the_operator_may_no_longer_change_opens_its_page(
    client_for, operator, two_villages
):
    verified = ProfileFactory(kampung=two_villages[0], period=LAST_MONTH, status="terverifikasi")
    response = client_for(operator).get(
        PROFILES.create_url(two_villages[0]) + f"?bulan={LAST_MONTH:%m/%Y}", follow=True
    )
    assert response.redirect_chain[-1][0] == verified.get_absolute_url()
    assert "tidak dapat diubah lagi" in response.content.decode()


def test_the_form_offers_a_month_without_a_profile_and_links_this_months(
    client_for, operator, two_villages
):
    draft = ProfileFactory(kampung=two_villages[0], period=THIS_MONTH)
    response = client_for(operator).get(PROFILES.create_url(two_villages[0]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{LAST_MONTH:%m/%Y}"' in html  # the month field
    notice = html[html.index('id="form-notice"') : html.index('id="div_id_period"')]
    assert f"Bulan {words(THIS_MONTH)} sudah memiliki profil (Draf)" in notice
    assert f'href="{edit_url(draft)}"' in notice
    assert f"{words(LAST_MONTH)} adalah bulan terakhir yang belum diisi" in notice


def test_the_notice_names_months_in_words_never_as_numbers(client_for, operator, two_villages):
    """#20: "Bulan Desember 2026 sudah memiliki profil", "September 2026 adalah bulan terakhir
    yang belum diisi", as every other page says a month; mm/yyyy only in the month field."""
    kampung = two_villages[0]
    kampung.launched_on = THIS_MONTH.replace(year=THIS_MONTH.year - 2)
    kampung.save(update_fields=["launched_on"])
    ProfileFactory(kampung=kampung, period=THIS_MONTH)
    ProfileFactory(kampung=kampung, period=LAST_MONTH)
    free = (LAST_MONTH - datetime.timedelta(days=1)).replace(day=1)
    html = client_for(operator).get(PROFILES.create_url(kampung)).content.decode()
    notice = html[html.index('id="form-notice"') : html.index('id="div_id_period"')]
    assert f"Bulan {words(THIS_MONTH)} sudah memiliki profil (Draf)" in notice
    assert f"{words(free)} adalah bulan terakhir yang belum diisi" in notice
    assert not re.search(r"\b\d{2}/\d{4}\b", notice)
    assert f'value="{free:%m/%Y}"' in html  # the field itself keeps mm/yyyy


def test_a_month_in_words_is_the_indonesian_month_name():
    assert profile_months.month_words(datetime.date(2026, 12, 1)) == "Desember 2026"
    assert profile_months.month_words(datetime.date(2026, 9, 1)) == "September 2026"


def test_the_form_offers_this_month_when_it_is_free(client_for, operator, two_villages):
    response = client_for(operator).get(PROFILES.create_url(two_villages[0]))
    html = response.content.decode()
    assert f'value="{THIS_MONTH:%m/%Y}"' in html
    assert 'id="form-notice"' not in html


def test_first_month_without_profile_skips_entered_months(two_villages):
    kampung = two_villages[0]
    for months_back in range(3):
        period = THIS_MONTH
        for _ in range(months_back):
            period = (period - datetime.timedelta(days=1)).replace(day=1)
        ProfileFactory(kampung=kampung, period=period)
    expected = THIS_MONTH
    for _ in range(3):
        expected = (expected - datetime.timedelta(days=1)).replace(day=1)
    assert profile_months.first_month_without_profile(kampung) == expected


def test_saving_over_an_entered_month_names_it_links_it_and_keeps_the_file(
    client_for, operator, two_villages
):
    draft = ProfileFactory(kampung=two_villages[0], period=datetime.date(2025, 3, 1))
    response = client_for(operator).post(
        PROFILES.create_url(two_villages[0]),
        profile_post(has_rkm="on", rkm_document=SimpleUploadedFile("rkm.pdf", PDF)),
    )
    assert response.status_code == 200
    error = str(response.context["form"].errors["period"][0])
    assert "Bulan Maret 2025 sudah memiliki profil (Draf)" in error
    assert f'href="{edit_url(draft)}"' in response.content.decode()
    assert KeptUpload.objects.get().original_name == "rkm.pdf"
    assert Profile.objects.count() == 1


def test_a_profile_saved_meanwhile_is_refused_in_words_with_its_file_kept(
    client_for, operator, two_villages, monkeypatch
):
    """The race: the form saw no profile of the month, the save meets one (a colleague's,
    committed between the form's check and the save)."""
    kampung = two_villages[0]
    ProfileFactory(kampung=kampung, period=datetime.date(2025, 3, 1))
    real_lookup = profile_months.profile_of_month
    calls = []

    def not_yet_on_the_first_look(*args, **kwargs):
        calls.append(args)
        return None if len(calls) == 1 else real_lookup(*args, **kwargs)

    monkeypatch.setattr(profile_months, "profile_of_month", not_yet_on_the_first_look)
    response = client_for(operator).post(
        PROFILES.create_url(kampung),
        profile_post(has_rkm="on", rkm_document=SimpleUploadedFile("rkm.pdf", PDF)),
    )
    assert response.status_code == 200
    assert "Maret 2025 sudah memiliki profil" in str(response.context["form"].errors["period"][0])
    assert "Sudah diunggah:" in response.content.decode()
    assert KeptUpload.objects.count() == 1
    assert Profile.objects.count() == 1


def test_the_saved_profile_shows_labels_never_codes(client_for, operator, two_villages):
    profile = ProfileFactory(
        kampung=two_villages[0], data_sources=["pk", "routine"], funding_sources=["apbd"]
    )
    client = client_for(operator)
    response = client.post(
        edit_url(profile),
        profile_post(
            data_sources=["pk", "routine"],
            funding_sources=["apbd", "dana_desa"],
            period="01/2025",
            expected_version=str(profile.version),
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "Pendataan Keluarga (PK), Data rutin Kemendukbangga/BKKBN" in html
    assert html.count("APBD, Dana Desa") == 2  # the detail row and the history's new value
    assert "[&#x27;" not in html and "dana_desa" not in html


def test_every_file_of_the_profile_is_listed_under_document(client_for, koord_6371, two_villages):
    profile = ProfileFactory(
        kampung=two_villages[0],
        has_rkm=True,
        document=ContentFile(PDF, name="sk.pdf"),
        document_name="sk pokja.pdf",
        rkm_document=ContentFile(PDF, name="rkm.pdf"),
        rkm_document_name="rencana kerja.pdf",
    )
    html = client_for(koord_6371).get(profile.get_absolute_url()).content.decode()
    files = html[html.index('id="record-files"') :]
    files = files[: files.index("</dd>")]
    assert f'href="{reverse("kampungkb:profile_rkm", args=[profile.pk])}"' in files
    assert f'href="{reverse("kampungkb:profile_document", args=[profile.pk])}"' in files
    assert "rencana kerja.pdf" in files and "sk pokja.pdf" in files
    assert "evidence/" not in files


def test_the_rkm_downloads_under_the_name_it_was_uploaded_with(client_for, operator, two_villages):
    profile = ProfileFactory(
        kampung=two_villages[0],
        has_rkm=True,
        rkm_document=ContentFile(PDF, name="x.pdf"),
        rkm_document_name="rencana kerja.pdf",
    )
    response = client_for(operator).get(reverse("kampungkb:profile_rkm", args=[profile.pk]))
    assert "rencana_kerja.pdf" in response["Content-Disposition"]
