"""What a create requires is what the schema says it requires (#23): for every create operation
in /api/v1/schema/, a body of exactly the schema's `required` fields is saved (201), and a body
missing any one of them is a 400 naming that field, never a 404 or a silent default.

The values come from each field's schema (an enum's first choice, a date, a number) and, for the
ids and codes a schema cannot know, from this test's in-scope records."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import (
    IndicatorFactory,
    KecamatanFactory,
    PokjaFactory,
    WorkingGroupFactory,
)
from tests.kernel.api_contract import api_client

pytestmark = pytest.mark.django_db

REQUIRED = "Bidang ini harus diisi."


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> dict:
    if "$ref" in node:
        return schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in node:
        return {**node, **_resolve(schema, node["allOf"][0])}
    return node


def create_operations(schema: dict) -> dict[str, dict]:
    """path -> the JSON request body schema of its POST, for every list endpoint (a create)."""
    operations = {}
    for path, methods in schema["paths"].items():
        if "post" in methods and "{" not in path:
            body = methods["post"]["requestBody"]["content"]["application/json"]["schema"]
            operations[path] = _resolve(schema, body)
    return operations


# Values a schema cannot give: ids and codes in the caller's scope, and choices a rule narrows
# (a Kota's SK is signed by its mayor, a TPPS team sits in a kecamatan).
def in_scope_values(banjarmasin) -> dict[str, dict]:
    pokja = PokjaFactory(region=banjarmasin)
    group = WorkingGroupFactory(pokja=pokja)
    kecamatan = KecamatanFactory(parent=banjarmasin, code="63.71.01")
    indicator = IndicatorFactory()
    return {
        "": {"pokja": pokja.pk, "working_group": group.pk, "region": banjarmasin.code},
        "/api/v1/targets/": {"region": "63", "indicator": indicator.code},
        "/api/v1/achievements/": {"indicator": indicator.code},
        "/api/v1/sk/": {"signer": "walikota"},
        "/api/v1/gdpk/": {"legal_form": "perwal"},
        "/api/v1/tpps/": {"region": kecamatan.code, "signer": "camat"},
    }


DATES = {"valid_from": "2026-01-02", "set_on": "2026-01-02", "period": "2026-03-01"}
NUMBERS = {"year": 2026, "year_start": 2025, "year_end": 2029, "month": 0}


def value_for(schema: dict, name: str, node: dict):
    node = _resolve(schema, node)
    if name == "status":
        return "draf"
    if "enum" in node:
        return node["enum"][0]
    if node.get("format") == "date":
        return DATES.get(name, "2026-03-10")
    if node.get("format") == "decimal":
        return "10" if r"\.\d{0,0}" in node.get("pattern", "") else "10.5"
    if node.get("type") == "integer":
        number = NUMBERS.get(name, 0)
        return min(max(number, node.get("minimum", number)), node.get("maximum", number))
    return f"Uji {name}"


def required_body(schema, path, body_schema, values) -> dict:
    own = {**values[""], **values.get(path, {})}
    return {
        name: own[name] if name in own else value_for(schema, name, body_schema["properties"][name])
        for name in body_schema["required"]
    }


# A body of required fields alone that a rule between fields refuses: the rule as the create's
# description states it, and the message the refusal gives.
DOCUMENTED_REFUSALS = {
    "/api/v1/gdpk/": (
        "At least one of the five pillars",
        {"non_field_errors": ["Centang sedikitnya satu dari lima pilar yang dicakup GDPK."]},
    ),
    "/api/v1/prevalensi/": (
        "names its publication (`publication_title`)",
        {"publication_title": ["Sebutkan publikasi asal angka survei ini."]},
    ),
    "/api/v1/achievements/": (
        "1-12 for a monthly indicator",
        {"detail": ["Indikator ini tidak dilaporkan untuk periode tersebut."]},
    ),
}


def test_every_create_accepts_exactly_its_schemas_required_fields(
    schema, banjarmasin, staf_kalsel, two_villages
):
    values = in_scope_values(banjarmasin)
    values[""]["kampung"] = two_villages[0].pk
    client = api_client(staf_kalsel)
    operations = create_operations(schema)
    assert len(operations) >= 15
    refused = {}
    for path, body_schema in operations.items():
        body = required_body(schema, path, body_schema, values)
        response = client.post(path, body, format="json")
        if response.status_code != 201:
            refused[path] = (response.status_code, response.json())
    documented = {
        path: (400, answer)
        for path, (rule, answer) in DOCUMENTED_REFUSALS.items()
        if rule in schema["paths"][path]["post"]["description"]
    }
    assert refused == documented


def test_a_body_that_also_meets_the_documented_rules_is_saved(
    schema, banjarmasin, staf_kalsel, two_villages
):
    values = in_scope_values(banjarmasin)
    values["/api/v1/gdpk/"].update(pillar_family=True, adopted_on="2025-06-30")
    values["/api/v1/prevalensi/"] = {"source": "eppgbm", "month": 3}
    values["/api/v1/achievements/"]["period"] = 3
    client = api_client(staf_kalsel)
    for path in DOCUMENTED_REFUSALS:
        body_schema = create_operations(schema)[path]
        body = {**required_body(schema, path, body_schema, values), **values[path]}
        response = client.post(path, body, format="json")
        assert response.status_code == 201, (path, response.json())


def test_a_create_missing_one_required_field_is_400_naming_it(
    schema, banjarmasin, staf_kalsel, two_villages
):
    values = in_scope_values(banjarmasin)
    values[""]["kampung"] = two_villages[0].pk
    client = api_client(staf_kalsel)
    wrong = {}
    for path, body_schema in create_operations(schema).items():
        body = required_body(schema, path, body_schema, values)
        for name in body_schema["required"]:
            partial = {k: v for k, v in body.items() if k != name}
            response = client.post(path, partial, format="json")
            if response.status_code != 400 or name not in response.json():
                wrong[f"{path} without {name}"] = (response.status_code, response.json())
    assert wrong == {}


def test_an_empty_body_is_400_naming_every_required_field_not_404(schema, staf_kalsel):
    client = api_client(staf_kalsel)
    for path, body_schema in create_operations(schema).items():
        response = client.post(path, {}, format="json")
        assert response.status_code == 400, path
        errors = response.json()
        assert set(errors) == set(body_schema["required"]), path
        assert all(messages == [REQUIRED] for messages in errors.values()), path


def test_a_named_province_outside_the_scope_is_still_404(staf_kalsel, sulsel):
    indicator = IndicatorFactory()
    body = {"region": sulsel.code, "indicator": indicator.code, "year": 2026, "value": "10"}
    response = api_client(staf_kalsel).post("/api/v1/targets/", body, format="json")
    assert response.status_code == 404


def test_a_target_body_is_checked_in_indonesian(staf_kalsel, kalsel):
    indicator = IndicatorFactory()
    body = {"region": kalsel.code, "indicator": indicator.code, "year": 0, "value": "sepuluh"}
    response = api_client(staf_kalsel).post("/api/v1/targets/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "year": ["Isi bidang ini harus lebih atau sama dengan 2015."],
        "value": ["Masukkan angka yang valid, mis. 12.5."],
    }
