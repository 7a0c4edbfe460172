"""'Lupa kata sandi': a reset link by e-mail, through Django's views, in Indonesian (#10)."""

import re

from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD


def test_login_page_links_to_the_password_reset(client, db):
    content = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in content and "Lupa kata sandi?" in content


def test_a_user_resets_the_password_through_the_emailed_link(client, koord_6371):
    koord_6371.email = "koord@banjarmasin.go.id"
    koord_6371.save()

    response = client.post(reverse("password_reset"), {"email": "koord@banjarmasin.go.id"})
    assert response.status_code == 302
    assert "Periksa surel Anda" in client.get(response.url).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "kata sandi baru" in message.subject.lower()
    link = re.search(r"https?://[^/]+(/lupa-kata-sandi/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Pilih kata sandi baru" in form_page.content.decode()
    new = "Banjarmasin-baru-2026"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    koord_6371.refresh_from_db()
    assert koord_6371.check_password(new) and not koord_6371.check_password(PASSWORD)


def test_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "siapa@contoh.id"})
    assert response.status_code == 302
    assert mail.outbox == []
