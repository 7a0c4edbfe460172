"""Django admin: an action posted with a selection that is not a key of the model (a hand-made
request, `_selected_action=abc`) answers the changelist with a message, never a 500."""

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

MODELS = sorted(django_admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
def test_a_selection_that_is_not_a_key_answers_no_500(client, admin, model):
    client.force_login(admin)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = client.post(
        url, {"action": "delete_selected", "index": "0", "_selected_action": ["abc", "1;--"]}
    )

    if model._meta.pk.get_internal_type() in ("CharField", "TextField"):
        # "abc" may be a key: Django's confirmation page, listing nothing to delete
        assert response.status_code in (200, 302), response.status_code
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(url)
    page = client.get(response["Location"]).content.decode()
    # ours, or Django's own when the admin offers no such action (no delete permission)
    assert "Pilihan ini tidak menunjuk catatan" in page or "Tidak ada aksi" in page


def test_a_selection_of_real_keys_still_runs_the_action(client, admin, koord_6371):
    client.force_login(admin)

    client.post(
        reverse("admin:pokja_user_changelist"),
        {"action": "deactivate_users", "index": "0", "_selected_action": [koord_6371.pk]},
    )

    koord_6371.refresh_from_db()
    assert not koord_6371.is_active
