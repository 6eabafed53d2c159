"""Who may do what with accounts and transfers: the one place that decides.

Functions named `*_problem` return the reason in plain Dutch why a person may not do
something (or None); services raise it as an ApplicationError, pages show it. The `can_*`
functions answer yes or no.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from samenkracht.exchange import selectors
from samenkracht.exchange.models import Account, Transfer
from samenkracht.matching.models import Contact
from samenkracht.people.models import Neighbourhood, Organisation, User
from samenkracht.people.permissions import is_admin, is_official, is_professional
from samenkracht.people.selectors import membership_get

AnyUser = User | AnonymousUser


def is_active_person(user: AnyUser) -> bool:
    return bool(
        isinstance(user, User) and user.is_authenticated and user.is_active and not user.is_deleted
    )


def manages_account(user: AnyUser, account: Account) -> bool:
    """The holder of a person's account, or an admin or staff member of the organisation."""
    if not is_active_person(user):
        return False
    if account.kind == Account.Kind.PERSON:
        return account.owner_id == user.pk
    if account.kind == Account.Kind.ORGANISATION:
        return account.organisation_id in selectors.organisation_ids_managed_by(user=user)  # type: ignore[arg-type]
    return False


def can_use_exchange(user: AnyUser) -> bool:
    return is_active_person(user)


def can_view_account(user: AnyUser, account: Account) -> bool:
    """Statements and history: the holder, and administrators."""
    if not is_active_person(user):
        return False
    return manages_account(user, account) or is_admin(user)


def send_problem(user: AnyUser, account: Account | None) -> str | None:
    """Why `user` may not send from `account` (None: their own, opened on first use).

    A closed account is not a matter of who asks: the ledger refuses it, after a retry of
    an earlier transfer has been recognised (see services.sending).
    """
    if not is_active_person(user):
        return _("Log in om uren te sturen.")
    if account is None:
        return None
    if account.kind in (Account.Kind.ISSUANCE, Account.Kind.POOL):
        return _("Van deze rekening kunt u niet zelf overmaken.")
    if not manages_account(user, account):
        return _("Dit is niet uw rekening.")
    return None


def thank_problem(user: AnyUser, contact: Contact) -> str | None:
    """Whoever was helped thanks the helper, once the contact was accepted."""
    if not is_active_person(user):
        return _("Log in om te bedanken.")
    if contact.ask.owner_id != user.pk:
        return _("Alleen wie geholpen is, kan hier bedanken met uren.")
    if contact.status != Contact.Status.ACCEPTED:
        return _("U kunt pas bedanken als het contact is geaccepteerd.")
    return None


def resolve_problem(user: AnyUser, transfer: Transfer, *, is_post: bool) -> str | None:
    """The receiver confirms or declines; the sender may withdraw (decline) their offer."""
    if not is_active_person(user):
        return _("Log in om dit te doen.")
    if not transfer.is_pending:
        return _("Deze overboeking hoeft niet bevestigd te worden.")
    if manages_account(user, transfer.credit):
        return None
    if not is_post and manages_account(user, transfer.debit):
        return None
    if is_post:
        return _("Alleen de ontvanger kan deze overboeking bevestigen.")
    return _("Alleen de ontvanger of de verzender kan deze overboeking weigeren.")


def can_reverse(user: AnyUser) -> bool:
    """Corrections are for administrators only: they see the whole audit trail."""
    return is_active_person(user) and is_admin(user)


def reverse_problem(user: AnyUser, transfer: Transfer) -> str | None:
    if not can_reverse(user):
        return _("Alleen een beheerder kan een overboeking corrigeren.")
    if not transfer.is_posting or transfer.kind == Transfer.Kind.REVERSAL:
        return _("Deze overboeking kan niet worden gecorrigeerd.")
    return None


def _works_in(user: User, neighbourhood_id: int | None) -> bool:
    if neighbourhood_id is None:
        return False
    return user.work_neighbourhoods.filter(pk=neighbourhood_id).exists()


def grant_problem(user: AnyUser, recipient: User) -> str | None:
    """A professional gives from the pool to a resident of their work area; admins anywhere."""
    if not is_active_person(user):
        return _("Log in om uren te geven.")
    if not is_active_person(recipient):
        return _("Deze persoon kan geen uren meer ontvangen.")
    if is_admin(user):
        return None
    if is_professional(user) and _works_in(user, recipient.neighbourhood_id):  # type: ignore[arg-type]
        return None
    return _("Alleen de sociaal makelaar van de buurt kan uren uit de gemeenschapspot geven.")


def can_grant(user: AnyUser) -> bool:
    return is_active_person(user) and (is_admin(user) or is_professional(user))


def fund_problem(user: AnyUser, organisation: Organisation | None) -> str | None:
    """An organisation's admin funds the pool from its account; the municipality issues."""
    if not is_active_person(user):
        return _("Log in om de pot aan te vullen.")
    if organisation is None:
        if is_official(user) or is_admin(user):
            return None
        return _("Alleen de gemeente kan nieuwe uren in de pot stoppen.")
    membership = membership_get(organisation=organisation, user=user)  # type: ignore[arg-type]
    if is_admin(user) or (membership is not None and membership.role == "admin"):
        return None
    return _("Alleen een beheerder van de organisatie kan de pot aanvullen.")


def can_fund_pool(user: AnyUser) -> bool:
    if not is_active_person(user):
        return False
    return (
        is_official(user)
        or is_admin(user)
        or bool(selectors.organisation_ids_managed_by(user=user))  # type: ignore[arg-type]
    )


def can_view_neighbourhood_stats(user: AnyUser, neighbourhood: Neighbourhood) -> bool:
    """Professionals of the buurt, officials of its municipality, administrators."""
    if not is_active_person(user):
        return False
    if is_admin(user):
        return True
    if is_official(user):
        return user.municipality_id == neighbourhood.district.municipality_id  # type: ignore[union-attr]
    if is_professional(user):
        return _works_in(user, neighbourhood.pk)  # type: ignore[arg-type]
    return False


def can_view_audit(user: AnyUser) -> bool:
    return is_active_person(user) and is_admin(user)
