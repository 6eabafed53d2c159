"""Notifications about hours: received, waiting for confirmation, confirmed, declined."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samenkracht.exchange.models import Account, Transfer
from samenkracht.matching.models import Notification
from samenkracht.matching.services.notifications import notification_send
from samenkracht.people.models import User


def _holder(account: Account) -> User | None:
    return account.owner if account.kind == Account.Kind.PERSON else None


def transfer_notify(*, transfer: Transfer, sender: User) -> None:
    """Tell the other side what happened; organisations and the pool get no notification."""
    amount = transfer.debit.currency.display(transfer.amount)
    unit = transfer.debit.currency.unit_label(transfer.amount)
    name = str(sender)
    if transfer.kind in (Transfer.Kind.POST, Transfer.Kind.VOID):
        recipient = _holder(transfer.debit)
        if transfer.kind == Transfer.Kind.POST:
            text = _("%(name)s heeft uw %(amount)s %(unit)s aangenomen.")
        else:
            text = _("De overboeking van %(amount)s %(unit)s is niet doorgegaan.")
            if recipient is not None and recipient.pk == sender.pk:
                recipient = _holder(transfer.credit)
    elif transfer.is_pending:
        recipient = _holder(transfer.credit)
        text = _("%(name)s wil u %(amount)s %(unit)s geven. Wilt u dat bevestigen?")
    elif transfer.kind == Transfer.Kind.REVERSAL:
        recipient = _holder(transfer.debit)
        text = _("Een beheerder heeft %(amount)s %(unit)s gecorrigeerd: %(reason)s")
    else:
        recipient = _holder(transfer.credit)
        text = _("%(name)s heeft u %(amount)s %(unit)s gegeven.")
    if recipient is None or recipient.pk == sender.pk:
        return
    notification_send(
        user=recipient,
        kind=Notification.Kind.EXCHANGE_UPDATE,
        text=text % {"name": name, "amount": amount, "unit": unit, "reason": transfer.reason},
        url=reverse("exchange:home"),
    )
