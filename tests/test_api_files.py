"""Every file the API gives is a link that opens (#23): a profile's RKM, like every record's
document, is the address of an API action that serves it after the scope check, never the
storage path turned into a URL; null when there is none; and the schema says so."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from drf_spectacular.generators import SchemaGenerator

from pokja.api.serializers import file_action, file_fields
from pokja.kernel.registry import registry
from tests.helpers import PDF
from tests.kampungkb_factories import ProfileFactory
from tests.kernel.api_contract import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def profile_with_rkm(kampung):
    return ProfileFactory(
        kampung=kampung,
        has_rkm=True,
        rkm_document=ContentFile(PDF, name="x.pdf"),
        rkm_document_name="rencana kerja.pdf",
    )


def test_the_rkm_link_opens_the_pdf_for_the_owner(operator, two_villages):
    profile = profile_with_rkm(two_villages[0])
    client = api_client(operator)
    link = client.get(f"/api/v1/profil/{profile.pk}/").json()["rkm_document"]
    assert link == f"http://testserver/api/v1/profil/{profile.pk}/rkm-document/"
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "rencana_kerja.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def test_the_rkm_link_is_404_outside_the_scope(operator, other_operator, two_villages):
    profile = profile_with_rkm(two_villages[0])
    link = api_client(operator).get(f"/api/v1/profil/{profile.pk}/").json()["rkm_document"]
    answer = api_client(other_operator).get(link)
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Data tidak ditemukan."}


def test_a_profile_without_rkm_gives_null_and_its_link_is_404(operator, two_villages):
    profile = ProfileFactory(kampung=two_villages[0])
    client = api_client(operator)
    assert client.get(f"/api/v1/profil/{profile.pk}/").json()["rkm_document"] is None
    assert client.get(f"/api/v1/profil/{profile.pk}/rkm-document/").status_code == 404


def test_every_file_field_of_every_record_type_is_a_served_link_in_the_schema(schema):
    """Not only the RKM: any file a record type carries besides its document is read as a
    nullable link to its own download action, which the schema documents as a file (and is
    sent as a file)."""
    checked = []
    for record_type in registry.record_types.values():
        for name in file_fields(record_type.model):
            path = f"/api/v1/{record_type.slug}/{{id}}/{file_action(name)}/"
            responses = schema["paths"][path]["get"]["responses"]
            assert "application/pdf" in responses["200"]["content"]
            component = schema["components"]["schemas"][record_type.model.__name__]
            field = component["properties"][name]
            assert field["format"] == "uri" and field["nullable"]
            upload = schema["components"]["schemas"][f"{record_type.model.__name__}Request"]
            assert upload["properties"][name]["format"] == "binary"  # sent as a file
            checked.append(name)
    assert "rkm_document" in checked
