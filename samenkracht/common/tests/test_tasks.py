import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from samenkracht.common.tasks import email_send_task


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_delivers_a_mail_through_the_worker(settings):
    # given: the queue that runs in production, on this test's database
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email_send_task.enqueue(subject="Hallo", body="Tekst", to=["buur@example.nl"])
    assert mail.outbox == []
    # when
    call_command("db_worker", "--batch", "--no-reload")
    # then
    assert [(m.subject, m.to) for m in mail.outbox] == [("Hallo", ["buur@example.nl"])]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
