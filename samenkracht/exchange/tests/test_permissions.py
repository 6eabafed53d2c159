"""Who may do what in the time bank, for every role; denied actions change nothing."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from samenkracht.common.errors import ApplicationError
from samenkracht.exchange import permissions, services
from samenkracht.exchange.models import Account, Transfer
from samenkracht.exchange.tests.factories import account_for, hours
from samenkracht.people.tests.factories import (
    AdminFactory,
    MembershipFactory,
    OfficialFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ROLES = ["anonymous", "resident", "receiver", "professional", "official", "admin"]


@pytest.fixture
def world():
    hours()
    sender, receiver = ResidentFactory(), ResidentFactory()
    booked = services.transfer_send(
        sender=sender,
        from_account=account_for(sender),
        to_account=account_for(receiver),
        amount="1",
        key="p",
        is_pending=True,
        now=NOW,
    )
    neighbourhood = receiver.neighbourhood
    people = {
        "anonymous": AnonymousUser(),
        "resident": ResidentFactory(),
        "receiver": receiver,
        "professional": ProfessionalFactory(work_neighbourhoods=[neighbourhood]),
        "official": OfficialFactory(municipality=neighbourhood.district.municipality),
        "admin": AdminFactory(),
    }
    return {"sender": sender, "pending": booked.transfer, "people": people}


EXPECTED = {
    # role: (send from the sender's account, confirm, reverse, grant, fund, view statement,
    #        see the buurt's figures)
    "anonymous": (False, False, False, False, False, False, False),
    "resident": (False, False, False, False, False, False, False),
    "receiver": (False, True, False, False, False, False, False),
    "professional": (False, False, False, True, False, False, True),
    "official": (False, False, False, False, True, False, True),
    "admin": (False, False, True, True, True, True, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_its_part(world, role):
    # given
    user = world["people"][role]
    pending = world["pending"]
    receiver = world["people"]["receiver"]
    sender_account = account_for(world["sender"])
    # when
    answers = (
        permissions.send_problem(user, sender_account) is None,
        permissions.resolve_problem(user, pending, is_post=True) is None,
        permissions.can_reverse(user),
        permissions.grant_problem(user, receiver) is None,
        permissions.fund_problem(user, None) is None,
        permissions.can_view_account(user, sender_account),
        permissions.can_view_neighbourhood_stats(user, receiver.neighbourhood),
    )
    # then
    assert answers == EXPECTED[role]


def test_the_sender_sends_from_their_own_account_only(world):
    sender = world["sender"]
    assert permissions.send_problem(sender, account_for(sender)) is None
    assert permissions.can_view_account(sender, account_for(sender)) is True
    assert permissions.send_problem(sender, account_for(world["people"]["receiver"])) == (
        "Dit is niet uw rekening."
    )


@pytest.mark.parametrize("role", ["anonymous", "resident", "professional", "official"])
def test_a_denied_confirmation_changes_nothing(world, role):
    # given
    user = world["people"][role]
    pending = world["pending"]
    if role == "anonymous":
        assert permissions.resolve_problem(user, pending, is_post=True) == "Log in om dit te doen."
        return
    # when
    with pytest.raises(ApplicationError):
        services.pending_confirm(user=user, transfer=pending, now=NOW)
    # then
    assert Transfer.objects.get(pk=pending.pk).pending_state == "open"
    assert Transfer.objects.count() == 1


def test_organisation_staff_send_for_the_organisation_members_do_not():
    hours()
    staff = MembershipFactory(role="staff")
    member = MembershipFactory(organisation=staff.organisation, role="member")
    account = account_for(organisation=staff.organisation)
    assert permissions.send_problem(staff.user, account) is None
    assert permissions.send_problem(member.user, account) == "Dit is niet uw rekening."
    assert permissions.fund_problem(staff.user, staff.organisation) == (
        "Alleen een beheerder van de organisatie kan de pot aanvullen."
    )


def test_nobody_sends_from_the_pool_or_the_issuance_account():
    currency = hours()
    admin = AdminFactory()
    for kind in (Account.Kind.POOL, Account.Kind.ISSUANCE):
        account = Account.objects.get(currency=currency, kind=kind)
        assert permissions.send_problem(admin, account) == (
            "Van deze rekening kunt u niet zelf overmaken."
        )
