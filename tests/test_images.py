"""Uploaded images (pokja.kernel.images): decoded for real, refused in Indonesian when malformed
or larger than the limits, stored re-encoded (upright, no metadata, at most 2560 px a side),
whichever page or API saved them."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from kampungkb.models import Activity, KampungKB
from kampungkb.record_types import ACTIVITIES
from pokja.api.tokens import token_create
from pokja.kernel.images import is_reencoded
from pokja.models import Decree
from tests import images
from tests.factories import PokjaFactory
from tests.helpers import decree_post, kampung_edit_url, kampung_post

TOO_LARGE = "Gambar ini terlalu besar: paling besar 40 megapiksel dan 10000 piksel per sisi."
MALFORMED = "Gambar ini tidak dapat dibaca: berkasnya rusak atau tidak lengkap."


def post_photo(client, kampung, content, name="foto.jpg"):
    return client.post(
        kampung_edit_url(kampung), kampung_post(kampung, photo=SimpleUploadedFile(name, content))
    )


def photo_errors(response) -> str:
    assert response.status_code == 200, "the form should have been shown again"
    return " ".join(response.context["form"].errors.get("photo", []))


def stored(field_file) -> Image.Image:
    field_file.open("rb")
    try:
        image = Image.open(BytesIO(field_file.read()))
        image.load()
        return image
    finally:
        field_file.close()


@pytest.fixture
def kampung(two_villages):
    return two_villages[0]


# --- Refused on the Kampung KB form, in Indonesian -----------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(images.pixel_bomb_png(), TOO_LARGE, id="400-megapixel-png"),
        # the header alone: Pillow finds no pixel data after it, so it is refused as damaged
        pytest.param(images.png_header_only(), MALFORMED, id="33-byte-header-65000x65000"),
        pytest.param(images.truncated_jpeg(), MALFORMED, id="truncated-jpeg"),
    ],
)
def test_a_bad_photo_is_refused_with_an_indonesian_message(
    client_for, koord_6371, kampung, content, message
):
    response = post_photo(client_for(koord_6371), kampung, content)

    assert message in photo_errors(response)
    assert message in response.content.decode()
    assert not KampungKB.objects.get(pk=kampung.pk).photo


def test_a_photo_just_over_the_pixel_limit_is_refused(client_for, koord_6371, kampung):
    """Between the limit and twice it Pillow's guard only warns: the warning is a refusal."""
    content = images.png(size=(7000, 7000), mode="1")  # 49 megapixels, under 10000 a side

    response = post_photo(client_for(koord_6371), kampung, content)

    assert TOO_LARGE in photo_errors(response)


def test_a_panorama_over_10000_pixels_a_side_is_refused(client_for, koord_6371, kampung):
    content = images.png(size=(12_000, 100), mode="1")  # 1.2 megapixels

    assert TOO_LARGE in photo_errors(post_photo(client_for(koord_6371), kampung, content))


# --- Stored re-encoded ---------------------------------------------------------------------


def test_a_normal_photo_is_stored_re_encoded_and_shown(client_for, koord_6371, kampung):
    client = client_for(koord_6371)
    response = post_photo(client, kampung, images.jpeg(size=(640, 480)))

    assert response.status_code == 302
    kampung.refresh_from_db()
    assert is_reencoded(kampung.photo.name) and kampung.photo.name.endswith(".jpg")
    assert stored(kampung.photo).size == (640, 480)
    served = client.get(f"/kampung-kb/{kampung.pk}/foto/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert f'src="/kampung-kb/{kampung.pk}/foto/"' in client.get(kampung.get_absolute_url()).text


def test_the_gps_position_is_not_stored(client_for, koord_6371, kampung):
    content = images.jpeg_with_gps()
    assert Image.open(BytesIO(content)).getexif().get_ifd(0x8825)  # the upload has it

    post_photo(client_for(koord_6371), kampung, content)

    kampung.refresh_from_db()
    photo = stored(kampung.photo)
    assert not photo.getexif() and "exif" not in photo.info
    kampung.photo.open("rb")
    with kampung.photo:
        raw = kampung.photo.read()
    assert b"Exif" not in raw and b"KameraDesa" not in raw


def test_a_photo_taken_sideways_is_stored_upright(client_for, koord_6371, kampung):
    post_photo(client_for(koord_6371), kampung, images.jpeg_lying_on_its_side())

    kampung.refresh_from_db()
    photo = stored(kampung.photo).convert("RGB")
    assert photo.size == (40, 80)
    red, _green, blue = photo.getpixel((20, 10))  # the top: red once turned upright
    assert red > 200 and blue < 60


def test_a_large_photo_is_stored_at_most_2560_pixels_a_side(client_for, koord_6371, kampung):
    post_photo(client_for(koord_6371), kampung, images.jpeg(size=(4000, 3000)))

    kampung.refresh_from_db()
    assert stored(kampung.photo).size == (2560, 1920)


def test_a_png_stays_a_png(client_for, koord_6371, kampung):
    post_photo(client_for(koord_6371), kampung, images.png(), name="denah.png")

    kampung.refresh_from_db()
    assert kampung.photo.name.endswith(".png") and stored(kampung.photo).format == "PNG"


def test_a_photo_saved_by_code_is_re_encoded_too(kampung):
    """Whatever saves it (a service, an import, the shell), the field stores it re-encoded."""
    kampung.photo = ContentFile(images.jpeg_with_gps(), name="x.jpg")
    kampung.save()

    assert is_reencoded(kampung.photo.name)
    assert not stored(kampung.photo).getexif()


def test_a_photo_stored_before_re_encoding_is_not_served_inline(client_for, koord_6371, kampung):
    kampung.photo = ContentFile(images.jpeg(), name="old.jpg")
    kampung.save()
    KampungKB.objects.filter(pk=kampung.pk).update(photo="evidence/63.71/kampungkb/0123abcd.jpg")

    client = client_for(koord_6371)
    assert client.get(f"/kampung-kb/{kampung.pk}/foto/").status_code == 404
    assert "/foto/" not in client.get(kampung.get_absolute_url()).text


# --- Every other image upload goes through the same helper ----------------------------------


@pytest.fixture
def pokja_6371(banjarmasin):
    return PokjaFactory(region=banjarmasin)


def test_an_sk_scan_that_is_a_pixel_bomb_is_refused(client_for, staf_kalsel, pokja_6371):
    response = client_for(staf_kalsel).post(
        reverse("pokja:decree_create", kwargs={"code": "63.71"}),
        decree_post(SimpleUploadedFile("sk.png", images.pixel_bomb_png())),
    )

    assert TOO_LARGE in " ".join(response.context["form"].errors["document"])
    assert not Decree.objects.exists()


def test_an_sk_scan_is_stored_without_its_gps(client_for, staf_kalsel, pokja_6371):
    client_for(staf_kalsel).post(
        reverse("pokja:decree_create", kwargs={"code": "63.71"}),
        decree_post(SimpleUploadedFile("sk.jpg", images.jpeg_with_gps())),
    )

    document = Decree.objects.get().document
    assert is_reencoded(document.name) and not stored(document).getexif()


def test_an_activity_photo_that_is_truncated_is_refused(client_for, operator, kampung):
    response = client_for(operator).post(
        ACTIVITIES.create_url(kampung),
        {
            "held_on": "05/03/2025",
            "place": "Balai desa",
            "family_function": "education",
            "target_group": "Remaja",
            "description": "Penyuluhan",
            "status": "draf",
            "document": SimpleUploadedFile("kegiatan.jpg", images.truncated_jpeg()),
        },
    )

    assert MALFORMED in " ".join(response.context["form"].errors["document"])
    assert not Activity.objects.exists()


def test_the_api_refuses_a_pixel_bomb_in_indonesian(staf_kalsel, pokja_6371):
    _token, plain = token_create(user=staf_kalsel, name="uji", days=30)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {plain}")

    response = api.post(
        "/api/v1/sk/",
        {
            **decree_post(SimpleUploadedFile("sk.png", images.pixel_bomb_png())),
            "pokja": pokja_6371.pk,
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert TOO_LARGE in response.content.decode()
    assert not Decree.objects.exists()
