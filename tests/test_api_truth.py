"""The API answers what its schema says (issue #23): model rules about fields a form does not
show are a 400, not a 500; every operation documents its error answers with their real bodies;
evidence files are documented with the media types they are served as; filters and page sizes
are as strict as the schema; a URL under /api/ that matches nothing answers JSON."""

from __future__ import annotations

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from stunting.forms import PrevalenceFigureForm
from stunting.models import PrevalenceFigure
from tests.factories import KecamatanFactory, pdf_file
from tests.factories_stunting import PrevalenceFigureFactory, TppsTeamFactory
from tests.kernel.api_contract import api_client

pytestmark = pytest.mark.django_db

LEVEL_MESSAGE = (
    "Survei memublikasikan provinsi dan kab/kota; hanya e-PPGBM yang sampai ke tingkat di bawahnya."
)


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def prevalence_payload(region: str) -> dict:
    return {
        "region": region,
        "source": "ssgi",
        "year": 2024,
        "month": 0,
        "value": "20.5",
        "publication_title": "SSGI 2024",
        "status": "draf",
    }


# --- 1. a model rule about a field the form does not show ----------------------------------


def test_a_survey_figure_for_a_kecamatan_is_400_under_region_not_500(banjarmasin, staf_kalsel):
    kecamatan = KecamatanFactory(parent=banjarmasin, code="63.71.01")
    response = api_client(staf_kalsel).post(
        reverse("api:prevalencefigure-list"), prevalence_payload(kecamatan.code), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"region": [LEVEL_MESSAGE]}
    assert not PrevalenceFigure.objects.exists()


def test_the_web_form_shows_that_rule_as_a_form_error(banjarmasin, staf_kalsel):
    kecamatan = KecamatanFactory(parent=banjarmasin, code="63.71.01")
    data = {k: v for k, v in prevalence_payload(kecamatan.code).items() if k != "region"}
    form = PrevalenceFigureForm(
        data=data, instance=PrevalenceFigure(), user=staf_kalsel, parent=kecamatan
    )
    assert not form.is_valid()
    assert LEVEL_MESSAGE in form.non_field_errors()
    assert form.outside_errors == {"region": [LEVEL_MESSAGE]}


def test_a_duplicate_figure_is_400_with_the_constraint_message(banjarmasin, staf_kalsel):
    PrevalenceFigureFactory(region=banjarmasin, year=2024, month=0, source="ssgi")
    response = api_client(staf_kalsel).post(
        reverse("api:prevalencefigure-list"), prevalence_payload("63.71"), format="json"
    )
    assert response.status_code == 400, response.json()
    assert PrevalenceFigure.objects.count() == 1


# --- 2. the schema --------------------------------------------------------------------------


def test_every_operation_documents_its_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "429"} <= codes, (method, path)
            if method in ("patch", "delete"):
                assert {"400", "409"} <= codes, (method, path)
    conflict = schema["components"]["schemas"]["Conflict"]["properties"]
    assert {"detail", "your_version", "current_version", "current"} <= set(conflict)
    assert schema["components"]["schemas"]["ErrorDetail"]["required"] == ["detail"]


def test_the_document_link_is_nullable_and_the_file_is_documented_as_served(
    schema, banjarmasin, staf_kalsel
):
    assert schema["components"]["schemas"]["TppsTeam"]["properties"]["document"]["nullable"]
    file_ok = schema["paths"]["/api/v1/tpps/{id}/document/"]["get"]["responses"]["200"]
    assert {"application/pdf", "image/png", "image/jpeg"} <= set(file_ok["content"])

    first, second = (KecamatanFactory(parent=banjarmasin) for _ in range(2))
    team = TppsTeamFactory(region=first, document=pdf_file(), document_name="sk.pdf")
    bare = TppsTeamFactory(region=second, document="")
    client = api_client(staf_kalsel)
    rows = {r["id"]: r for r in client.get(reverse("api:tppsteam-list")).json()["results"]}
    assert rows[bare.pk]["document"] is None
    response = client.get(rows[team.pk]["document"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    missing = client.get(reverse("api:tppsteam-document", args=[bare.pk]))
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"


def test_a_patch_must_name_its_version_in_the_schema_too(schema):
    patched = schema["components"]["schemas"]["PatchedDecreeRequest"]
    assert "version" in patched["required"]


def test_the_region_of_a_region_parent_record_is_writable_on_create(schema):
    request = schema["components"]["schemas"]["PrevalenceFigureRequest"]
    assert "region" in request["properties"]


# --- strict input, JSON errors ---------------------------------------------------------------


def test_filters_are_as_strict_as_the_schema(banjarmasin, staf_kalsel):
    client = api_client(staf_kalsel)
    url = reverse("api:prevalencefigure-list")
    assert client.get(url, {"year": "0.5"}).status_code == 400
    assert client.get(url, {"year": ""}).status_code == 200  # an empty filter filters nothing
    assert client.get(url, {"year": "2024"}).status_code == 200
    assert client.get(reverse("api:profile-list"), {"period": "10/25/2006"}).status_code == 400
    pokja = reverse("api:pokja-list")
    assert client.get(pokja, {"is_active": "maybe"}).status_code == 400  # was: no filter
    assert client.get(pokja, {"is_active": "true"}).status_code == 200


def test_an_unknown_api_url_and_a_nul_byte_answer_json(staf_kalsel):
    client = api_client(staf_kalsel)
    unknown = client.get("/api/v1/sk/1.5/")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Data tidak ditemukan."}
    nul = client.get("/api/v1/sk/?region=%00")
    assert nul.status_code == 400
    assert nul["Content-Type"] == "application/json"


def test_not_found_does_not_name_the_model(banjarbaru, koord_6371):
    team = TppsTeamFactory(region=KecamatanFactory(parent=banjarbaru))
    response = api_client(koord_6371).get(reverse("api:tppsteam-detail", args=[team.pk]))
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan."}


def test_a_list_or_object_where_one_value_goes_is_400_not_500(banjarmasin, staf_kalsel):
    client = api_client(staf_kalsel)
    payload = {**prevalence_payload("63.71"), "value": ["20.5"], "source": {"a": 1}}
    response = client.post(reverse("api:prevalencefigure-list"), payload, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"value", "source"}
    team = {"region": "63.71.01", "sk_number": "1", "members": ["not an object"]}
    rows = client.post(reverse("api:tppsteam-list"), team, format="json")
    assert rows.status_code in (400, 404)  # the kecamatan may not exist; never a 500
    kecamatan = KecamatanFactory(parent=banjarmasin)
    team["region"] = kecamatan.code
    rows = client.post(reverse("api:tppsteam-list"), team, format="json")
    assert rows.status_code == 400
    assert "members" in rows.json()


def test_a_transition_body_is_validated_by_the_schema_serializer(banjarmasin, staf_kalsel):
    figure = PrevalenceFigureFactory(region=banjarmasin, status="diajukan")
    client = api_client(staf_kalsel)
    url = reverse("api:prevalencefigure-reject", args=[figure.pk])
    for body in ({"reason": {"a": 1}}, {"reason": 5}, {"reason": "x" * 2001}, {}):
        assert client.post(url, body, format="json").status_code == 400, body
    bad_status = client.post(url, {"reason": "x", "expected_status": []}, format="json")
    assert bad_status.status_code == 400
    figure.refresh_from_db()
    assert figure.status == "diajukan" and figure.rejection_reason == ""
    done = client.post(url, {"reason": "Angka belum lengkap", "expected_status": ""}, "json")
    assert done.status_code == 200
    assert done.json()["rejection_reason"] == "Angka belum lengkap"
