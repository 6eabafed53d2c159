"""Queued e-mails hold an address and a text: they are personal data like any other row."""

from typing import Any

from django_tasks_db.models import DBTaskResult

from samenkracht.common.privacy import personal_data_register

EMAIL_TASK = "samenkracht.common.tasks.email_send_task"


def _mails_to(user: Any) -> list[DBTaskResult]:
    if not user.email:
        return []
    address = user.email.lower()
    return [
        row
        for row in DBTaskResult.objects.filter(task_path=EMAIL_TASK).only(
            "id", "args_kwargs", "status", "enqueued_at"
        )
        if address in [str(to).lower() for to in row.args_kwargs.get("kwargs", {}).get("to", [])]
    ]


def _mails_export(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "subject": row.args_kwargs["kwargs"].get("subject", ""),
            "status": row.status,
            "queued_at": row.enqueued_at.isoformat() if row.enqueued_at else None,
        }
        for row in _mails_to(user)
    ]


def _mails_erase(user: Any) -> None:
    DBTaskResult.objects.filter(pk__in=[row.pk for row in _mails_to(user)]).delete()


personal_data_register(
    DBTaskResult,
    section="queued_emails",
    export=_mails_export,
    erase=_mails_erase,
    retention="Verstuurde e-mails worden dagelijks opgeruimd (prune_db_task_results).",
)
