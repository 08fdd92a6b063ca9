"""The mail queue: each message sent once even when two runs overlap, retries then a failed
state with its error, and nothing sent from inside a web request."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from outbox import services
from outbox.models import MessageState, OutgoingMessage


def queue(n=1, **fields):
    return [
        services.queue(
            to=f"person{i}@example.org",
            subject=f"Subject {i}",
            body=f"Body {i}",
            kind="test",
            **fields,
        )
        for i in range(n)
    ]


@pytest.mark.django_db
def test_a_queued_message_goes_out_with_the_command_and_is_marked_sent():
    [message] = queue(html="<p>Body 0</p>", language="ar")
    assert mail.outbox == []  # queuing sends nothing
    call_command("send_queued_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["person0@example.org"] and sent.subject == "Subject 0"
    assert sent.alternatives[0][0] == "<p>Body 0</p>"
    assert sent.extra_headers["Content-Language"] == "ar"
    message.refresh_from_db()
    assert message.state == MessageState.SENT and message.sent_at and message.attempts == 1
    # Run again: nothing is sent twice.
    call_command("send_queued_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_dedupe_key_queues_a_message_once_only():
    assert services.queue(to="a@example.org", subject="s", body="b", kind="k", dedupe_key="x")
    assert (
        services.queue(to="a@example.org", subject="s", body="b", kind="k", dedupe_key="x") is None
    )
    assert OutgoingMessage.objects.count() == 1


class FailingBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="tests.outbox.test_queue.FailingBackend", OUTBOX_MAX_ATTEMPTS=3)
def test_a_failing_message_is_retried_later_then_marked_failed_with_its_error():
    [message] = queue()
    assert services.send_due() == (0, 1)
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED and message.attempts == 1
    assert "refused the connection" in message.last_error
    assert message.next_attempt_at > timezone.now()  # backs off: not due again at once
    assert services.send_due() == (0, 0)
    # Twice more, each once due: the third failure is the last.
    for attempts in (2, 3):
        OutgoingMessage.objects.update(next_attempt_at=timezone.now())
        services.send_due()
        message.refresh_from_db()
        assert message.attempts == attempts
    assert message.state == MessageState.FAILED
    OutgoingMessage.objects.update(next_attempt_at=timezone.now())
    assert services.send_due() == (0, 0)  # a failed message is not tried again
    assert mail.outbox == []


def test_the_back_off_doubles_and_is_capped_at_a_day():
    from outbox.models import retry_delay

    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(30) == datetime.timedelta(days=1)


@pytest.mark.django_db
def test_a_message_left_sending_by_a_run_that_died_is_taken_again_after_its_lease():
    [message] = queue()
    services.claim(10)  # claimed, then the run dies before sending
    assert services.send_due() == (0, 0)  # still leased to that run
    OutgoingMessage.objects.update(next_attempt_at=timezone.now())  # the lease ran out
    assert services.send_due() == (1, 0)
    message.refresh_from_db()
    assert message.state == MessageState.SENT and message.attempts == 2


class SlowBackend(EmailBackend):
    """Holds each message a little, so that two runs overlap."""

    def send_messages(self, messages):
        threading.Event().wait(0.02)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="tests.outbox.test_queue.SlowBackend")
def test_two_runs_at_the_same_time_send_each_message_once():
    queue(30)
    start = threading.Barrier(2)
    results = []

    def run():
        try:
            start.wait()
            results.append(services.send_due(batch=3))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == 30 and len(set(recipients)) == 30
    assert sorted(sent for sent, _failed in results) != [0, 30]  # both runs really sent some
    assert OutgoingMessage.objects.filter(state=MessageState.SENT).count() == 30
    assert set(OutgoingMessage.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db
def test_the_admin_lists_messages_read_only_with_their_error(admin_client):
    [message] = queue()
    OutgoingMessage.objects.update(state=MessageState.FAILED, last_error="SMTPRecipientsRefused")
    page = admin_client.get("/fr/admin/outbox/outgoingmessage/?state__exact=failed")
    assert page.status_code == 200
    assert "person0@example.org" in page.content.decode()
    detail = admin_client.get(f"/fr/admin/outbox/outgoingmessage/{message.pk}/change/")
    assert "SMTPRecipientsRefused" in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    assert admin_client.get("/fr/admin/outbox/outgoingmessage/add/").status_code == 403
