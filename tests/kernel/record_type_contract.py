"""The tests every record type runs: one subclass line gives a new kind of record its persona
scoping, status transitions, file download scope, history and lost-update checks.

A subclass names its `record_type` and a `make(region)` that builds a record whose region is
`region` (a kab/kota), in the given status.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms

from pokja.kernel.verification import Status


def edit_post_data(record_type, record, user) -> dict:
    """What the record's edit form posts when opened now and saved unchanged."""
    form = record_type.form_class(instance=record, user=user, parent=record_type.parent_of(record))
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):  # a file is not posted again when unchanged
            continue
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if isinstance(value, Decimal):
            value = format(value, "f")
        if hasattr(value, "pk"):
            value = value.pk
        data[name] = "" if value is None else value
    if record_type.formset_class is not None:
        prefix = record_type.formset_class(instance=record).prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


@pytest.mark.django_db
class RecordTypeContract:
    record_type = None  # a pokja.kernel.records.RecordType

    def make(self, region, status=Status.TERVERIFIKASI):  # pragma: no cover - overridden
        raise NotImplementedError

    # --- helpers ---------------------------------------------------------------------------

    def url(self, action, record):
        return self.record_type.url(action, record)

    # --- persona scoping -------------------------------------------------------------------

    def test_coordinator_of_another_kabkota_gets_404_everywhere(
        self, client_for, banjarmasin, koord_6372
    ):
        record = self.make(banjarmasin)
        client = client_for(koord_6372)
        for action in ("detail", "edit", "delete", "document"):
            assert client.get(self.url(action, record)).status_code == 404, action
        response = client.post(self.url("status", record), {"action": "submit"})
        assert response.status_code == 404

    def test_staff_of_another_province_gets_404(self, client_for, banjarmasin, staf_sulsel):
        record = self.make(banjarmasin)
        assert client_for(staf_sulsel).get(self.url("detail", record)).status_code == 404

    def test_national_reader_reads_but_cannot_change(self, client_for, banjarmasin, pusat):
        record = self.make(banjarmasin)
        client = client_for(pusat)
        assert client.get(self.url("detail", record)).status_code == 200
        assert client.get(self.url("edit", record)).status_code == 403
        assert client.post(self.url("edit", record), {}).status_code == 403
        assert client.get(self.url("document", record)).status_code == 200

    def test_own_coordinator_and_staff_open_the_record(
        self, client_for, banjarmasin, koord_6371, staf_kalsel
    ):
        record = self.make(banjarmasin, Status.DRAF)
        for user in (koord_6371, staf_kalsel):
            response = client_for(user).get(self.url("edit", record))
            assert response.status_code == 200

    # --- status transitions ----------------------------------------------------------------

    def test_submit_reject_resubmit_verify(self, client, banjarmasin, koord_6371, staf_kalsel):
        record = self.make(banjarmasin, Status.DRAF)
        status_url = self.url("status", record)

        client.force_login(koord_6371)
        client.post(status_url, {"action": "submit", "expected_status": "draf"})
        record.refresh_from_db()
        assert record.status == Status.DIAJUKAN

        client.force_login(staf_kalsel)
        client.post(status_url, {"action": "reject", "reason": "Lampiran tidak terbaca"})
        record.refresh_from_db()
        assert (record.status, record.rejection_reason) == (
            Status.DITOLAK,
            "Lampiran tidak terbaca",
        )

        client.force_login(koord_6371)
        client.post(status_url, {"action": "submit"})
        client.force_login(staf_kalsel)
        client.post(status_url, {"action": "verify", "expected_status": "diajukan"})
        record.refresh_from_db()
        assert record.status == Status.TERVERIFIKASI
        assert record.verified_by == staf_kalsel

    def test_coordinator_cannot_verify(self, client_for, banjarmasin, koord_6371):
        record = self.make(banjarmasin, Status.DIAJUKAN)
        response = client_for(koord_6371).post(self.url("status", record), {"action": "verify"})
        record.refresh_from_db()
        assert response.status_code == 403  # seen, not the coordinator's to verify
        assert record.status == Status.DIAJUKAN

    def test_staff_return_a_verified_record_with_a_reason(
        self, client_for, banjarmasin, staf_kalsel
    ):
        record = self.make(banjarmasin)
        client_for(staf_kalsel).post(
            self.url("status", record), {"action": "return", "reason": "Nomor salah"}
        )
        record.refresh_from_db()
        assert (record.status, record.rejection_reason) == (Status.DITOLAK, "Nomor salah")

    def test_coordinator_cannot_edit_a_verified_record(self, client_for, banjarmasin, koord_6371):
        record = self.make(banjarmasin)
        client = client_for(koord_6371)
        response = client.get(self.url("edit", record))
        assert response.status_code == 403
        assert "koordinator" in response.content.decode()
        # A direct POST is refused the same way, not redirected, and changes nothing.
        version = getattr(record, "version", None)
        assert client.post(self.url("edit", record), {}).status_code == 403
        assert client.post(self.url("delete", record)).status_code == 403
        record.refresh_from_db()
        assert getattr(record, "version", None) == version

    # --- history, files and lost updates ----------------------------------------------------

    def test_history_keeps_each_transition_with_its_author(
        self, client_for, banjarmasin, staf_kalsel
    ):
        record = self.make(banjarmasin, Status.DIAJUKAN)
        client_for(staf_kalsel).post(self.url("status", record), {"action": "verify"})
        latest = record.history.latest("history_date")
        assert latest.status == Status.TERVERIFIKASI
        assert latest.history_user == staf_kalsel
        response = client_for(staf_kalsel).get(self.url("detail", record))
        assert response.context["history"][0]["entry"].history_user == staf_kalsel

    def test_a_stale_edit_is_refused_and_changes_nothing(
        self, client_for, banjarmasin, staf_kalsel
    ):
        record = self.make(banjarmasin, Status.DRAF)
        data = edit_post_data(self.record_type, record, staf_kalsel)
        record.refresh_from_db()
        stored_version = record.version
        data["expected_version"] = stored_version - 1 if stored_version > 1 else 0

        response = client_for(staf_kalsel).post(self.url("edit", record), data)

        record.refresh_from_db()
        assert response.status_code == 409
        assert "conflict-table" in response.content.decode()
        assert record.version == stored_version

    def test_an_edit_on_the_current_version_saves(self, client_for, banjarmasin, staf_kalsel):
        record = self.make(banjarmasin, Status.DRAF)
        data = edit_post_data(self.record_type, record, staf_kalsel)
        version = record.version

        response = client_for(staf_kalsel).post(self.url("edit", record), data)

        record.refresh_from_db()
        assert response.status_code == 302, response.context and response.context["form"].errors
        assert record.version == version + 1

    def test_a_status_change_on_a_stale_page_changes_nothing(
        self, client_for, banjarmasin, staf_kalsel
    ):
        record = self.make(banjarmasin, Status.DIAJUKAN)
        client_for(staf_kalsel).post(
            self.url("status", record), {"action": "verify", "expected_status": "draf"}
        )
        record.refresh_from_db()
        assert record.status == Status.DIAJUKAN
