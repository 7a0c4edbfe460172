"""'Lupa kata sandi': a reset link by e-mail, through Django's views, in Indonesian (#10)."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pokja import tasks
from tests.conftest import PASSWORD


@pytest.fixture
def post_reset(client, monkeypatch, django_capture_on_commit_callbacks):
    """Asks for a reset; the queued e-mail is sent as the worker would, once the request's work
    is committed."""
    monkeypatch.setattr(
        tasks.send_password_reset, "delay", lambda **kw: tasks.send_password_reset.apply(kwargs=kw)
    )

    def post(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("password_reset"), {"email": email})

    return post


def test_login_page_links_to_the_password_reset(client, db):
    content = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in content and "Lupa kata sandi?" in content


def test_a_user_resets_the_password_through_the_emailed_link(client, koord_6371, post_reset):
    koord_6371.email = "koord@banjarmasin.go.id"
    koord_6371.save()

    response = post_reset("koord@banjarmasin.go.id")
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


def test_an_unknown_address_says_the_same_and_sends_nothing(post_reset, db):
    response = post_reset("siapa@contoh.id")
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_known_and_an_unknown_address_cost_the_request_the_same_work(
    client, koord_6371, monkeypatch, django_capture_on_commit_callbacks
):
    """Timing told which addresses have accounts: the request now does the same for both (one
    task queued with the address, no lookup, no mail rendered); the worker decides."""
    koord_6371.email = "koord@banjarmasin.go.id"
    koord_6371.save()
    queued, rendered = [], []
    monkeypatch.setattr(tasks.send_password_reset, "delay", lambda **kw: queued.append(kw))
    monkeypatch.setattr(
        "django.contrib.auth.forms.PasswordResetForm.send_mail",
        lambda *args, **kwargs: rendered.append(args),
    )
    client.get(reverse("password_reset"))  # the session and CSRF cookie, outside the count

    def post(email):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(reverse("password_reset"), {"email": email})
        return response, [re.sub(r'"s\d+_x\d+"', "sp", q["sql"]) for q in queries.captured_queries]

    known, known_sql = post("koord@banjarmasin.go.id")
    unknown, unknown_sql = post("siapa@contoh.id")

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert known_sql == unknown_sql  # the same queries (none of them looks the address up)
    assert not any("email" in sql.lower() for sql in known_sql)
    assert rendered == []
    assert [sorted(kw) for kw in queued] == [["domain", "email", "language", "use_https"]] * 2
    assert [kw["email"] for kw in queued] == ["koord@banjarmasin.go.id", "siapa@contoh.id"]


def test_a_reset_mail_the_server_refused_is_retried_not_counted_as_sent(
    koord_6371, monkeypatch, caplog
):
    import smtplib

    from django.core.mail import EmailMessage

    from pokja.password_reset import MailNotSent, password_reset_send

    koord_6371.email = "koord@banjarmasin.go.id"
    koord_6371.save()

    attempts = []

    def refuse(message, fail_silently=False):
        attempts.append(message.to)
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    arguments = {"email": koord_6371.email, "domain": "testserver", "use_https": True}

    with pytest.raises(MailNotSent, match=f"reset e-mail to user {koord_6371.pk} not sent"):
        password_reset_send(**arguments, language="id")
    # The worker's task tries again later (eagerly here: at once) instead of ending as if the
    # mail had gone; once the retries are spent it fails, as a task that did not do its work.
    attempts.clear()
    result = tasks.send_password_reset.apply(kwargs={**arguments, "language": "id"})
    assert len(attempts) == 1 + tasks.send_password_reset.max_retries
    assert result.state == "FAILURE"
    assert "Password reset e-mail sent" not in caplog.text

    monkeypatch.undo()
    assert password_reset_send(**arguments, language="id") == 1
    assert len(mail.outbox) == 1
    assert f"Password reset e-mail sent to user {koord_6371.pk}" in caplog.text
