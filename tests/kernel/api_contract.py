"""The API tests every record type runs: one subclass line gives a kind of record its REST
endpoint's persona scoping, writes through the workflow, lost-update refusals, transitions and
file download scope. Requests carry a personal API token (knox), as a program would send them.

A subclass names its `record_type` and a `make(region, status)` like RecordTypeContract's.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pokja.api.forms import current_values
from pokja.api.tokens import token_create
from pokja.kernel.verification import Status

READ_ONLY = "Akun Anda boleh membaca data ini, tetapi tidak boleh mengubahnya."
VERIFIED_LOCKED = "Data yang sudah terverifikasi tidak dapat lagi diubah oleh koordinator."


def api_client(user) -> APIClient:
    _token, plain = token_create(user=user, name="uji", days=30)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    return client


@pytest.mark.django_db
class ApiContract:
    record_type = None  # a pokja.kernel.records.RecordType

    def make(self, region, status=Status.TERVERIFIKASI):  # pragma: no cover - overridden
        raise NotImplementedError

    # --- helpers ---------------------------------------------------------------------------

    @property
    def verifiable(self) -> bool:
        return self.record_type.verifiable

    def list_url(self) -> str:
        return reverse(f"api:{self.record_type.name}-list")

    def url(self, record, action: str = "detail") -> str:
        detail = reverse(f"api:{self.record_type.name}-detail", args=[record.pk])
        # Spelled out rather than reversed: a record type without status has no such route.
        return detail if action == "detail" else f"{detail}{action}/"

    def payload_of(self, record, user) -> dict:
        parent = self.record_type.parent_of(record)
        form = self.record_type.form_class(instance=record, user=user, parent=parent)
        data = current_values(form)
        data[self.record_type.parent.field] = parent.pk
        return data

    def draft(self, region):
        return self.make(region, Status.DRAF) if self.verifiable else self.make(region)

    # --- scoping ---------------------------------------------------------------------------

    def test_api_list_shows_own_region_only(
        self, banjarmasin, banjarbaru, koord_6371, staf_sulsel, pusat
    ):
        own, neighbour = self.make(banjarmasin), self.make(banjarbaru)

        def ids(user):
            response = api_client(user).get(self.list_url(), {"per_page": 100})
            assert response.status_code == 200
            return {row["id"] for row in response.json()["results"]}

        assert own.pk in ids(koord_6371) and neighbour.pk not in ids(koord_6371)
        assert not ids(staf_sulsel) & {own.pk, neighbour.pk}
        assert {own.pk, neighbour.pk} <= ids(pusat)

    def test_api_region_filter_takes_in_everything_below(self, banjarmasin, staf_kalsel):
        record = self.make(banjarmasin)
        client = api_client(staf_kalsel)
        rows = client.get(self.list_url(), {"region": "63"}).json()["results"]
        assert record.pk in {row["id"] for row in rows}
        assert client.get(self.list_url(), {"region": "63.72"}).json()["results"] == []

    def test_api_neighbour_gets_404_everywhere(self, banjarmasin, koord_6372):
        record = self.draft(banjarmasin)
        client = api_client(koord_6372)
        assert client.get(self.url(record)).status_code == 404
        version = getattr(record, "version", 1)
        patch = client.patch(self.url(record), {"version": version}, format="json")
        assert patch.status_code == 404
        assert client.delete(self.url(record)).status_code == 404
        if self.verifiable:
            assert client.post(self.url(record, "submit")).status_code == 404
            assert client.get(self.url(record, "document")).status_code == 404

    def test_api_national_reader_reads_but_may_not_write(self, banjarmasin, pusat):
        record = self.draft(banjarmasin)
        client = api_client(pusat)
        assert client.get(self.url(record)).status_code == 200
        response = client.patch(self.url(record), {"version": record.version}, format="json")
        assert response.status_code == 403
        assert client.delete(self.url(record)).status_code == 403
        payload = self.payload_of(record, pusat)
        created = client.post(self.list_url(), payload, format="json")
        assert created.status_code == 403
        assert created.json()["detail"] == READ_ONLY
        if self.verifiable:  # submitting is changing: 403 with the reason, not a 400
            submit = client.post(self.url(record, "submit"))
            assert submit.status_code == 403
            assert submit.json()["detail"] == READ_ONLY

    def test_api_coordinator_may_not_change_a_verified_record_403(self, banjarmasin, koord_6371):
        if not self.verifiable:
            pytest.skip("no status")
        record = self.make(banjarmasin, Status.TERVERIFIKASI)
        client = api_client(koord_6371)
        patch = client.patch(self.url(record), {"version": record.version}, format="json")
        assert patch.status_code == 403
        assert patch.json()["detail"] == VERIFIED_LOCKED
        assert client.delete(self.url(record)).status_code == 403
        assert client.post(self.url(record, "submit")).status_code == 403
        assert type(record).objects.filter(pk=record.pk, version=record.version).exists()

    def test_api_a_transition_the_state_forbids_is_403_a_moved_status_409(
        self, banjarmasin, staf_kalsel
    ):
        if not self.verifiable:
            pytest.skip("no status")
        record = self.make(banjarmasin, Status.TERVERIFIKASI)
        client = api_client(staf_kalsel)
        again = client.post(self.url(record, "verify"))
        assert again.status_code == 403
        assert again.json()["detail"] == "Data ini sudah terverifikasi."
        moved = client.post(self.url(record, "verify"), {"expected_status": "diajukan"})
        assert moved.status_code == 409
        assert moved.json()["current_status"] == Status.TERVERIFIKASI
        nonsense = client.post(self.url(record, "verify"), {"expected_status": {"": 1}}, "json")
        assert nonsense.status_code == 400

    def test_api_a_body_that_is_not_an_object_is_400(self, banjarmasin, staf_kalsel):
        record = self.draft(banjarmasin)
        client = api_client(staf_kalsel)
        for body in ([1], "x", 3, True):
            response = client.post(self.list_url(), body, format="json")
            assert response.status_code == 400
            assert response.json()["detail"] == "Isi permintaan harus berupa objek JSON."
        assert client.delete(f"{self.url(record)}?version=abc").status_code == 400

    def test_api_without_credentials_is_refused(self, banjarmasin):
        record = self.make(banjarmasin)
        assert APIClient().get(self.url(record)).status_code == 401

    # --- writes ----------------------------------------------------------------------------

    def test_api_create_in_own_region_and_404_for_a_neighbours_parent(
        self, banjarmasin, banjarbaru, koord_6371
    ):
        template = self.draft(banjarmasin)
        payload = self.payload_of(template, koord_6371)
        neighbour = self.draft(banjarbaru)
        foreign = self.payload_of(neighbour, koord_6371)
        type(template).objects.filter(pk=template.pk).delete()
        client = api_client(koord_6371)

        response = client.post(self.list_url(), payload, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["region"] == "63.71"
        assert client.post(self.list_url(), foreign, format="json").status_code == 404

    def test_api_patch_on_current_version_saves(self, banjarmasin, staf_kalsel):
        record = self.draft(banjarmasin)
        record.refresh_from_db()
        response = api_client(staf_kalsel).patch(
            self.url(record), {"version": record.version}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert response.json()["version"] == record.version + 1

    def test_api_stale_patch_is_409_with_both_versions(self, banjarmasin, staf_kalsel):
        record = self.draft(banjarmasin)
        record.refresh_from_db()
        stale = record.version - 1
        response = api_client(staf_kalsel).patch(
            self.url(record), {"version": stale}, format="json"
        )
        record_after = type(record).objects.get(pk=record.pk)
        assert response.status_code == 409
        body = response.json()
        assert (body["your_version"], body["current_version"]) == (stale, record.version)
        assert body["current"]["id"] == record.pk
        assert record_after.version == record.version

    def test_api_patch_without_version_is_refused(self, banjarmasin, staf_kalsel):
        record = self.draft(banjarmasin)
        response = api_client(staf_kalsel).patch(self.url(record), {}, format="json")
        assert response.status_code == 400
        assert "version" in response.json()

    # --- transitions -----------------------------------------------------------------------

    def test_api_submit_reject_resubmit_verify(self, banjarmasin, koord_6371, staf_kalsel):
        record = self.draft(banjarmasin)
        owner, verifier = api_client(koord_6371), api_client(staf_kalsel)
        submit = owner.post(self.url(record, "submit"), {"expected_status": "draf"})
        if not self.verifiable:
            assert submit.status_code == 404  # no status, no transitions
            return
        assert submit.json()["status"] == Status.DIAJUKAN
        assert owner.post(self.url(record, "verify")).status_code == 403
        rejected = verifier.post(self.url(record, "reject"), {"reason": "Lampiran buram"})
        assert (rejected.json()["status"], rejected.json()["rejection_reason"]) == (
            Status.DITOLAK,
            "Lampiran buram",
        )
        assert owner.post(self.url(record, "submit")).status_code == 200
        stale = verifier.post(self.url(record, "verify"), {"expected_status": "draf"})
        assert stale.status_code == 409
        assert stale.json()["current_status"] == Status.DIAJUKAN
        verified = verifier.post(self.url(record, "verify"), {"expected_status": "diajukan"})
        assert verified.json()["status"] == Status.TERVERIFIKASI
        record.refresh_from_db()
        assert record.verified_by == staf_kalsel

    def test_api_reject_needs_a_reason(self, banjarmasin, staf_kalsel):
        record = (
            self.make(banjarmasin, Status.DIAJUKAN) if self.verifiable else self.draft(banjarmasin)
        )
        response = api_client(staf_kalsel).post(self.url(record, "reject"), {"reason": " "})
        assert response.status_code == (400 if self.verifiable else 404)
