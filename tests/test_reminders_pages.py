"""The "Perlu tindakan" page, its navbar count, snoozing, the digest and the nightly task."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pokja.reminders.digest import send_digests
from pokja.reminders.models import DigestLog, DueItem, ReminderPreference
from pokja.reminders.services import refresh
from pokja.reminders.tasks import nightly_reminders
from tests import factories as f


@pytest.fixture(autouse=True)
def only_the_reminders_a_test_makes(settings):
    # Next year's work plan is due from October on: keep it out whatever day the suite runs.
    settings.REMINDER_WORKPLAN_MONTH = 13


def expiring_sk(region, number="SK-7"):
    pokja = f.PokjaFactory(region=region)
    until = timezone.localdate() + datetime.timedelta(days=30)
    return f.DecreeFactory(
        pokja=pokja,
        number=number,
        valid_from=until - datetime.timedelta(days=1000),
        valid_until=until,
    )


@pytest.mark.django_db
class TestDuePage:
    def test_it_lists_what_and_why_in_indonesian_with_a_link_to_the_fix(
        self, client_for, banjarmasin, koord_6371
    ):
        expiring_sk(banjarmasin)
        response = client_for(koord_6371).get(reverse("reminders:due_list"))
        html = response.content.decode()
        assert "SK SK-7 berakhir pada" in html
        assert reverse("pokja:decree_create", kwargs={"code": "63.71"}) in html
        assert 'id="nav-due-count">1<' in html

    def test_a_neighbour_sees_nothing_of_it(self, client_for, banjarmasin, banjarbaru, koord_6372):
        expiring_sk(banjarmasin)
        html = client_for(koord_6372).get(reverse("reminders:due_list")).content.decode()
        assert "SK-7" not in html and 'id="due-none"' in html

    def test_snooze_hides_an_item_until_the_day_and_lowers_the_count(
        self, client_for, banjarmasin, koord_6371
    ):
        expiring_sk(banjarmasin)
        client = client_for(koord_6371)
        client.get(reverse("reminders:due_list"))
        item = DueItem.objects.get(user=koord_6371, kind="sk_expiring")
        until = timezone.localdate() + datetime.timedelta(days=7)
        client.post(reverse("reminders:snooze", args=[item.pk]), {"until": until.isoformat()})
        html = client.get(reverse("reminders:due_list")).content.decode()
        assert 'id="snoozed-items"' in html and "nav-due-count" not in html

    def test_snooze_in_the_past_is_refused_in_indonesian(self, client_for, banjarmasin, koord_6371):
        expiring_sk(banjarmasin)
        client = client_for(koord_6371)
        client.get(reverse("reminders:due_list"))
        item = DueItem.objects.get(user=koord_6371)
        response = client.post(
            reverse("reminders:snooze", args=[item.pk]), {"until": "2000-01-01"}, follow=True
        )
        assert "Pilih hari setelah hari ini" in response.content.decode()
        item.refresh_from_db()
        assert item.snoozed_until is None

    def test_nobody_snoozes_another_users_item(
        self, client_for, banjarmasin, koord_6371, koord_6372
    ):
        expiring_sk(banjarmasin)
        refresh()
        item = DueItem.objects.get(user=koord_6371)
        response = client_for(koord_6372).post(
            reverse("reminders:snooze", args=[item.pk]), {"until": "2099-01-01"}
        )
        assert response.status_code == 404

    def test_the_navbar_count_costs_one_query(
        self, client_for, banjarmasin, koord_6371, django_assert_max_num_queries
    ):
        expiring_sk(banjarmasin)
        refresh()
        client = client_for(koord_6371)
        client.get(reverse("profile:profile"))
        with django_assert_max_num_queries(8):
            response = client.get(reverse("profile:profile"))
        assert 'id="nav-due-count">1<' in response.content.decode()


@pytest.mark.django_db
class TestDigest:
    def test_weekly_by_default_never_the_same_item_twice_in_a_period(self, banjarmasin, koord_6371):
        koord_6371.email = "koord@example.org"
        koord_6371.save()
        expiring_sk(banjarmasin)
        refresh()
        monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
        assert send_digests(today=monday) == 1
        assert send_digests(today=monday + datetime.timedelta(days=3)) == 0
        [message] = mail.outbox
        assert message.to == ["koord@example.org"]
        assert "SK SK-7 berakhir pada" in message.body
        assert "http://testserver" + reverse("pokja:decree_create", kwargs={"code": "63.71"}) in (
            message.body
        )
        log = DigestLog.objects.get()
        assert log.item_keys == [f"sk_expiring:{DueItem.objects.get().key}"]
        assert send_digests(today=monday + datetime.timedelta(days=7)) == 1  # next week

    def test_daily_sends_each_day_and_off_sends_nothing(
        self, banjarmasin, banjarbaru, koord_6371, koord_6372
    ):
        for user, choice in ((koord_6371, "daily"), (koord_6372, "off")):
            user.email = f"{user.username}@example.org"
            user.save()
            ReminderPreference.objects.create(user=user, digest=choice)
        expiring_sk(banjarmasin, "SK-A")
        expiring_sk(banjarbaru, "SK-B")
        refresh()
        today = timezone.localdate()
        send_digests(today=today)
        send_digests(today=today)
        send_digests(today=today + datetime.timedelta(days=1))
        assert [m.to for m in mail.outbox] == [["koord-6371@example.org"]] * 2

    def test_the_profile_page_saves_the_choice(self, client_for, koord_6371):
        client = client_for(koord_6371)
        assert 'value="weekly"' in client.get(reverse("profile:profile")).content.decode()
        client.post(reverse("profile:digest_preference"), {"digest": "daily"})
        assert ReminderPreference.objects.get(user=koord_6371).digest == "daily"

    def test_the_nightly_task_computes_and_sends(self, banjarmasin, koord_6371):
        koord_6371.email = "k@example.org"
        koord_6371.save()
        expiring_sk(banjarmasin)
        result = nightly_reminders.apply().get()
        assert result["created"] >= 1 and result["digests"] == 1
        assert len(mail.outbox) == 1


def refuse_mail_to(monkeypatch, *refused: str) -> None:
    """The mail server refuses these recipients (smtplib raises, as with a full mailbox)."""
    import smtplib

    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def send(message, fail_silently=False):
        if set(message.to) & set(refused):
            raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"mailbox full")})
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)


@pytest.mark.django_db
class TestDigestNotAccepted:
    """Only what the mail server accepted is logged as sent; the rest goes again next run."""

    @pytest.fixture
    def two_coordinators(self, banjarmasin, banjarbaru, koord_6371, koord_6372):
        for user in (koord_6371, koord_6372):
            user.email = f"{user.username}@example.org"
            user.save()
            ReminderPreference.objects.create(user=user, digest="daily")
        expiring_sk(banjarmasin, "SK-A")
        expiring_sk(banjarbaru, "SK-B")
        refresh()
        return koord_6371, koord_6372

    def test_a_refused_digest_is_logged_as_an_error_and_sent_next_run(
        self, two_coordinators, monkeypatch, caplog
    ):
        refused, accepted = two_coordinators
        refuse_mail_to(monkeypatch, refused.email)
        today = timezone.localdate()

        assert send_digests(today=today) == 1

        assert [m.to for m in mail.outbox] == [[accepted.email]]
        assert list(DigestLog.objects.values_list("user", flat=True)) == [accepted.pk]
        [error] = [r for r in caplog.records if r.levelname == "ERROR"]
        assert error.getMessage() == f"Digest to user {refused.pk} not sent, retried next run"

        monkeypatch.undo()  # the mailbox has room again
        assert send_digests(today=today) == 1
        assert [m.to for m in mail.outbox] == [[accepted.email], [refused.email]]
        assert DigestLog.objects.count() == 2

    def test_a_backend_that_accepts_nothing_records_nothing(self, two_coordinators, monkeypatch):
        from django.core.mail import EmailMessage

        monkeypatch.setattr(EmailMessage, "send", lambda message, fail_silently=False: 0)

        assert send_digests(today=timezone.localdate()) == 0
        assert DigestLog.objects.count() == 0

    def test_an_unreachable_mail_server_sends_and_records_nothing(
        self, two_coordinators, settings, caplog
    ):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 8227  # nothing listens there
        settings.EMAIL_TIMEOUT = 5

        assert send_digests(today=timezone.localdate()) == 0

        assert DigestLog.objects.count() == 0
        assert "Mail server unreachable: 2 digests not sent, retried next run" in caplog.text


@pytest.mark.django_db
def test_perlu_tindakan_is_in_the_menu_only_of_roles_that_can_have_items(
    client_for, pusat, admin, staf_kalsel, koord_6371, operator
):
    # Admins and national readers are never reminded (RESPONSIBLE_ROLES): no empty menu entry.
    link = f'href="{reverse("reminders:due_list")}"'
    for user, shown in [
        (pusat, False),
        (admin, False),
        (staf_kalsel, True),
        (koord_6371, True),
        (operator, True),
    ]:
        home = client_for(user).get(reverse("pokja:home"), follow=True).content.decode()
        assert (link in home) is shown, user.username
