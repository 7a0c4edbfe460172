"""The Kampung KB's own files: a profile's RKM (a PDF) and the Kampung KB's photo (a JPEG or
PNG), checked by content on upload and served only inside the viewer's scope (else 404)."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from kampungkb.models import KampungKB, Profile
from kampungkb.record_types import PROFILES
from tests.helpers import PDF, PNG, kampung_edit_url, kampung_post, photo_url, profile_post, rkm_url
from tests.kampungkb_factories import ProfileFactory


def test_operator_attaches_the_rkm_and_downloads_it(client_for, operator, two_villages):
    client = client_for(operator)
    response = client.post(
        PROFILES.create_url(two_villages[0]),
        profile_post(has_rkm="on", rkm_document=SimpleUploadedFile("rencana kerja.pdf", PDF)),
    )
    assert response.status_code == 302, response.context["form"].errors
    profile = Profile.objects.get()
    assert profile.rkm_document.name.endswith(".pdf")
    download = client.get(rkm_url(profile))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    page = client.get(two_villages[0].get_absolute_url()).content.decode()
    assert rkm_url(profile) in page


def test_a_non_pdf_named_pdf_is_refused_as_rkm_and_nothing_is_saved(
    client_for, operator, two_villages
):
    response = client_for(operator).post(
        PROFILES.create_url(two_villages[0]),
        profile_post(has_rkm="on", rkm_document=SimpleUploadedFile("rkm.pdf", PNG)),
    )
    assert response.status_code == 200
    assert "PDF" in response.context["form"].errors["rkm_document"][0]
    assert not Profile.objects.exists()


def test_an_rkm_file_needs_the_rkm_ticked(client_for, operator, two_villages):
    response = client_for(operator).post(
        PROFILES.create_url(two_villages[0]),
        profile_post(rkm_document=SimpleUploadedFile("rkm.pdf", PDF)),
    )
    assert "has_rkm" in response.context["form"].errors
    assert not Profile.objects.exists()


def test_rkm_outside_scope_is_404(
    client_for, operator, other_operator, koord_6371, koord_6372, two_villages
):
    profile = ProfileFactory(
        kampung=two_villages[0], has_rkm=True, rkm_document=ContentFile(PDF, name="rkm.pdf")
    )
    assert client_for(operator).get(rkm_url(profile)).status_code == 200
    assert client_for(koord_6371).get(rkm_url(profile)).status_code == 200
    assert client_for(other_operator).get(rkm_url(profile)).status_code == 404
    assert client_for(koord_6372).get(rkm_url(profile)).status_code == 404


def test_a_profile_without_rkm_file_has_no_download(client_for, operator, two_villages):
    profile = ProfileFactory(kampung=two_villages[0])
    assert client_for(operator).get(rkm_url(profile)).status_code == 404


def test_coordinator_uploads_a_photo_shown_on_the_kampung_page(
    client_for, koord_6371, two_villages
):
    kampung = two_villages[0]
    client = client_for(koord_6371)
    response = client.post(
        kampung_edit_url(kampung), kampung_post(kampung, photo=SimpleUploadedFile("balai.jpg", PNG))
    )
    assert response.status_code == 302
    kampung.refresh_from_db()
    assert kampung.photo.name.endswith(".png")  # the content's type, not the name's
    photo = client.get(photo_url(kampung))
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff"
    page = client.get(kampung.get_absolute_url()).content.decode()
    assert f'src="{photo_url(kampung)}"' in page


def test_a_pdf_named_jpg_is_refused_as_photo(client_for, koord_6371, two_villages):
    kampung = two_villages[0]
    response = client_for(koord_6371).post(
        kampung_edit_url(kampung), kampung_post(kampung, photo=SimpleUploadedFile("foto.jpg", PDF))
    )
    assert response.status_code == 200
    assert "JPEG" in response.context["form"].errors["photo"][0]
    assert not KampungKB.objects.get(pk=kampung.pk).photo


def test_photo_outside_scope_is_404(
    client_for, operator, other_operator, koord_6371, koord_6372, two_villages
):
    kampung = two_villages[0]
    kampung.photo = ContentFile(PNG, name="foto.png")
    kampung.save()
    assert client_for(operator).get(photo_url(kampung)).status_code == 200
    assert client_for(koord_6371).get(photo_url(kampung)).status_code == 200
    assert client_for(other_operator).get(photo_url(kampung)).status_code == 404
    assert client_for(koord_6372).get(photo_url(kampung)).status_code == 404
    assert client_for(koord_6371).get(photo_url(two_villages[1])).status_code == 404
