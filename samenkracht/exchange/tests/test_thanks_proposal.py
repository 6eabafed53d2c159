"""Thanking with hours proposes how long the help took, as the two sides wrote it down."""

from decimal import Decimal

import pytest
from django.test import Client

from samenkracht.exchange import selectors
from samenkracht.exchange.models import Transfer
from samenkracht.exchange.tests.factories import account_for, balance, hours
from samenkracht.matching import services as matching_services
from samenkracht.matching.tests.factories import ContactFactory
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _said(contact, person, hours_spent: str) -> None:
    matching_services.outcome_record(
        contact=contact, respondent=person, result="matched", hours_spent=hours_spent
    )


@pytest.mark.parametrize(
    ("asker_says", "helper_says", "expected"),
    [
        (None, None, (100, "default", None, None)),
        (None, "2,5", (250, "helper", None, Decimal("2.50"))),
        ("1,5", "2,5", (150, "own", Decimal("1.50"), Decimal("2.50"))),
        ("0,75", None, (75, "own", Decimal("0.75"), None)),
    ],
)
def test_the_proposal_takes_the_senders_answer_then_the_helpers_then_one_hour(
    asker_says, helper_says, expected
):
    # given
    currency = hours()
    contact = ContactFactory(accepted=True)
    asker, helper = contact.ask.owner, contact.offer.owner
    if asker_says is not None:
        _said(contact, asker, asker_says)
    if helper_says is not None:
        _said(contact, helper, helper_says)
    # when
    proposal = selectors.thanks_proposal(contact=contact, sender=asker, currency=currency)
    # then
    assert (proposal.units, proposal.source, proposal.own_hours, proposal.helper_hours) == expected


def test_the_thank_page_proposes_the_recorded_hours_says_why_and_books_what_is_sent():
    # given: the helper wrote down that it took two and a half hours
    hours()
    contact = ContactFactory(accepted=True)
    asker, helper = contact.ask.owner, contact.offer.owner
    _said(contact, helper, "2,5")
    client = _client(asker)
    url = f"/tijdbank/bedanken/{contact.pk}/"
    # when
    page = client.get(url)
    key = page.context["form"]["key"].value()
    sent = client.post(url, {"amount": "2", "memo": "", "key": key})
    # then
    assert page.context["form"]["amount"].value() == "2,5"
    help_text = page.context["form"].fields["amount"].help_text
    assert help_text.startswith(
        f"{helper.public_name} schreef dat het 2,5 uur duurde. Dat staat al ingevuld. "
        "U kunt het aantal veranderen."
    )
    assert f"{helper.public_name} schreef dat het 2,5 uur duurde." in page.content.decode()
    assert sent.status_code == 302
    assert Transfer.objects.get().amount == 200
    assert balance(account_for(helper)) == 200


def test_the_thank_page_shows_both_answers_when_they_differ():
    hours()
    contact = ContactFactory(accepted=True)
    asker, helper = contact.ask.owner, contact.offer.owner
    _said(contact, asker, "1")
    _said(contact, helper, "1,5")
    page = _client(asker).get(f"/tijdbank/bedanken/{contact.pk}/")
    assert page.context["form"]["amount"].value() == "1"
    assert (
        page.context["form"]
        .fields["amount"]
        .help_text.startswith(
            f"U schreef dat het 1 uur duurde, {helper.public_name} schreef 1,5 uur. "
            "Uw eigen antwoord staat al ingevuld."
        )
    )


def test_without_recorded_hours_the_thank_page_proposes_one_hour_and_says_so():
    hours()
    contact = ContactFactory(accepted=True)
    page = _client(contact.ask.owner).get(f"/tijdbank/bedanken/{contact.pk}/")
    assert page.context["form"]["amount"].value() == "1"
    assert (
        page.context["form"]
        .fields["amount"]
        .help_text.startswith(
            "Niemand heeft opgeschreven hoe lang het duurde. Daarom staat er 1 uur. "
            "U kunt het aantal veranderen."
        )
    )


def test_the_proposal_through_the_api_is_for_the_one_who_thanks():
    # given
    hours()
    contact = ContactFactory(accepted=True)
    asker, helper = contact.ask.owner, contact.offer.owner
    _said(contact, asker, "1,25")
    url = f"/api/v1/exchange/contacts/{contact.pk}/thanks-proposal"
    # when
    mine = _client(asker).get(url)
    by_helper = _client(helper).get(url)
    by_stranger = _client(ResidentFactory()).get(url)
    # then
    assert mine.status_code == 200
    assert mine.json() == {
        "contact": contact.pk,
        "currency": "uren",
        "amount": "1.25",
        "source": "own",
        "own_hours": "1.25",
        "helper_hours": None,
    }
    assert (by_helper.status_code, by_helper.json()["detail"]) == (
        403,
        "Alleen wie geholpen is, kan hier bedanken met uren.",
    )
    assert by_stranger.status_code == 404
