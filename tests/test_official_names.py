"""Names as the agency writes them (DOMAIN.md, "Official names"): Kampung Keluarga Berkualitas in
full at first use, Perwakilan BKKBN Provinsi, Rumah DataKu and Tim Pendamping Keluarga in full
once, Kemendagri's names of the 8 convergence actions, and "Wali Kota" in two words."""

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from kampungkb import record_types as kkb_types
from pokja.models import Decree, User
from stunting.models import ConvergenceAction
from tests.factories import UserFactory
from tests.kampungkb_factories import village

ROOT = Path(__file__).resolve().parent.parent
KAMPUNG_KB = "Kampung Keluarga Berkualitas (Kampung KB)"

# Kemendagri's own names, as DOMAIN.md lists them.
CONVERGENCE_ACTIONS = [
    "Analisis Situasi",
    "Penyusunan Rencana Kegiatan",
    "Rembuk Stunting",
    "Peraturan Bupati/Wali Kota tentang Peran Desa",
    "Pembinaan Kader Pembangunan Manusia (KPM)",
    "Sistem Manajemen Data Stunting",
    "Pengukuran dan Publikasi Data Stunting",
    "Reviu Kinerja Tahunan",
]


def main_text(response) -> str:
    """The page's own content (not the navbar), without tags."""
    html = response.content.decode()
    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_8_convergence_actions_carry_kemendagris_names():
    with translation.override("id"):
        labels = [str(label) for _value, label in ConvergenceAction.Action.choices]

    assert labels == [f"Aksi {n}: {name}" for n, name in enumerate(CONVERGENCE_ACTIONS, 1)]


def test_wali_kota_is_two_words_in_the_catalogue_templates_and_choices():
    catalogue = polib.pofile(str(ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    texts = [f"{e.msgid} {e.msgstr}" for e in catalogue if not e.obsolete]
    texts += [p.read_text() for p in (ROOT / "templates").rglob("*.html")]
    texts += [p.read_text() for p in (ROOT / "templates").rglob("*.txt")]

    assert [t for t in texts if re.search(r"walikota", t, re.I)] == []
    with translation.override("id"):
        assert str(Decree.Signer.WALIKOTA.label) == "Wali Kota"
    with translation.override("en"):
        assert str(Decree.Signer.WALIKOTA.label) == "Mayor (Wali Kota)"


@pytest.mark.django_db
def test_the_login_page_names_the_provincial_office_as_the_agency_does(client):
    text = main_text(client.get(reverse("login")))

    assert "Perwakilan BKKBN Provinsi" in text


@pytest.mark.django_db
def test_kampung_kb_pages_give_the_full_name_once_under_the_title(
    client_for, staf_kalsel, banjarmasin, two_villages
):
    client = client_for(staf_kalsel)
    pages = {
        "province": reverse("kampungkb:region", args=["63"]),
        "kab/kota": reverse("kampungkb:region", args=["63.71"]),
        "kampung": two_villages[0].get_absolute_url(),
    }

    counts = {name: main_text(client.get(url)).count(KAMPUNG_KB) for name, url in pages.items()}

    assert counts == {"province": 1, "kab/kota": 1, "kampung": 1}


@pytest.mark.django_db
def test_an_operator_without_a_kampung_reads_the_full_name(client_for, banjarmasin):
    operator = UserFactory(role=User.Role.OPERATOR_KAMPUNG_KB, region=village(banjarmasin, 9))

    text = main_text(client_for(operator).get(reverse("kampungkb:home")))

    assert text.strip().startswith(KAMPUNG_KB)


@pytest.mark.django_db
def test_the_profile_form_spells_out_rumah_dataku_once(client_for, koord_6371, two_villages):
    url = kkb_types.PROFILES.create_url(two_villages[0])

    text = main_text(client_for(koord_6371).get(url))

    assert text.count("Rumah Data Kependudukan dan Informasi Keluarga") == 1
    assert text.index("Rumah DataKu") < text.index("Rumah Data Kependudukan")


@pytest.mark.django_db
def test_the_stunting_page_names_tpk_and_krs_in_full(client_for, staf_kalsel, banjarmasin):
    text = main_text(client_for(staf_kalsel).get(reverse("stunting:region", args=["63.71"])))

    assert "Keluarga Berisiko Stunting (KRS) dan Tim Pendamping Keluarga (TPK)" in text
