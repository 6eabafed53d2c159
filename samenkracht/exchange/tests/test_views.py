"""The time-bank pages: thank after a match, send, confirm, statement (HTML and PDF), pool,
the neighbourhood overview and corrections."""

import pytest
from django.test import Client
from django.utils import timezone

from samenkracht.exchange import services
from samenkracht.exchange.models import Account, Transfer
from samenkracht.exchange.tests.factories import account_for, balance, hours, issue
from samenkracht.matching.tests.factories import ContactFactory
from samenkracht.people.tests.factories import (
    AdminFactory,
    OfficialFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_contact_page_links_to_thanking_with_hours_for_the_one_who_was_helped():
    contact = ContactFactory(accepted=True)
    asker = _client(contact.ask.owner).get(contact.get_absolute_url())
    helper = _client(contact.offer.owner).get(contact.get_absolute_url())
    assert b'id="thank-with-hours"' in asker.content
    assert b'id="thank-with-hours"' not in helper.content


def test_thanking_with_hours_proposes_an_hour_and_books_the_edited_amount():
    # given
    hours()
    contact = ContactFactory(accepted=True)
    client = _client(contact.ask.owner)
    url = f"/tijdbank/bedanken/{contact.pk}/"
    # when
    page = client.get(url)
    form_key = page.context["form"]["key"].value()
    bad = client.post(url, {"amount": "1,255", "key": form_key})
    done = client.post(url, {"amount": "1,5", "memo": "Top!", "key": form_key})
    twice = client.post(url, {"amount": "1,5", "memo": "Top!", "key": form_key})
    # then
    assert page.context["form"]["amount"].value() == "1"
    assert bad.status_code == 400
    assert "Gebruik hoogstens 2 cijfers achter de komma." in bad.content.decode()
    assert (done.status_code, done["Location"]) == (302, "/tijdbank/")
    assert twice.status_code == 302
    assert Transfer.objects.get().amount == 150
    assert balance(account_for(contact.offer.owner)) == 150


def test_sending_to_be_confirmed_and_confirming_on_the_start_page():
    # given
    hours()
    contact = ContactFactory(accepted=True)
    sender, receiver = contact.ask.owner, contact.offer.owner
    # when
    sent = _client(sender).post(
        "/tijdbank/sturen/",
        {"recipient": str(receiver.pk), "amount": "2", "is_pending": "on", "key": "abc"},
    )
    home = _client(receiver).get("/tijdbank/")
    transfer = Transfer.objects.get()
    confirmed = _client(receiver).post(f"/tijdbank/overboekingen/{transfer.pk}/bevestigen/")
    # then
    assert sent.status_code == 302
    assert "wil u 2,00 uur geven" in home.content.decode()
    assert confirmed.status_code == 302
    assert balance(account_for(receiver)) == 200


def test_the_statement_in_html_and_pdf_only_for_the_holder():
    # given
    hours()
    resident = ResidentFactory()
    account = account_for(resident)
    issue(account, 300)
    today = timezone.localdate()
    url = f"/tijdbank/rekeningen/{account.pk}/afschrift/{today.year}/{today.month}/"
    # when
    page = _client(resident).get(url)
    pdf = _client(resident).get(url + "afschrift.pdf")
    other = _client(ResidentFactory()).get(url)
    # then
    assert page.status_code == 200
    assert page.context["statement"].closing == 300
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")
    assert other.status_code == 404


def test_the_pool_is_funded_by_the_municipality_and_granted_by_the_professional():
    # given
    hours()
    official = OfficialFactory()
    resident = ResidentFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    # when
    funded = _client(official).post(
        "/tijdbank/gemeenschapspot/",
        {"action": "fund", "source": "gemeente", "amount": "20", "key": "f"},
    )
    granted = _client(professional).post(
        "/tijdbank/gemeenschapspot/",
        {"action": "grant", "recipient": resident.username, "amount": "4", "key": "g"},
    )
    denied = _client(ResidentFactory()).post(
        "/tijdbank/gemeenschapspot/",
        {"action": "grant", "recipient": resident.username, "amount": "4", "key": "h"},
    )
    # then
    assert (funded.status_code, granted.status_code, denied.status_code) == (302, 302, 400)
    assert balance(account_for(resident)) == 400
    assert Transfer.objects.count() == 2


def test_the_neighbourhood_overview_shows_who_only_gives_or_only_receives():
    # given
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    bas.neighbourhood = ann.neighbourhood
    bas.save()
    services.transfer_send(
        sender=ann,
        from_account=account_for(ann),
        to_account=account_for(bas),
        amount="2",
        key="a",
        now=timezone.now(),
    )
    professional = ProfessionalFactory(work_neighbourhoods=[ann.neighbourhood])
    url = f"/tijdbank/buurten/{ann.neighbourhood.code}/"
    # when
    page = _client(professional).get(url)
    resident_page = _client(ann).get(url)
    # then
    stats = page.context["stats"]
    assert (stats.exchanged, stats.only_giving, stats.only_receiving) == (200, [ann], [bas])
    assert resident_page.status_code == 403


def test_an_admin_corrects_a_transfer_from_the_page_and_a_resident_cannot():
    # given
    hours()
    resident = ResidentFactory()
    transfer = issue(account_for(resident), 300)
    url = f"/tijdbank/overboekingen/{transfer.pk}/corrigeren/"
    # when
    denied = _client(resident).post(url, {"reason": "x", "key": "r"})
    done = _client(AdminFactory()).post(url, {"reason": "Per ongeluk", "amount": "1", "key": "r"})
    # then
    assert denied.status_code == 403
    assert done.status_code == 302
    assert balance(account_for(resident)) == 200


def test_pages_need_a_login():
    response = Client().get("/tijdbank/")
    assert response.status_code == 302


def test_a_refused_thanks_or_send_on_the_pages_opens_no_account():
    # given: nobody has an account yet; 11 hours is below the floor of 10
    hours()
    contact = ContactFactory(accepted=True)
    asker = contact.ask.owner
    client = _client(asker)
    # when
    thanked = client.post(
        f"/tijdbank/bedanken/{contact.pk}/", {"amount": "11", "memo": "", "key": "t"}
    )
    sent = client.post(
        "/tijdbank/sturen/",
        {"recipient": str(contact.offer.owner.pk), "amount": "11", "memo": "", "key": "s"},
    )
    # then
    assert (thanked.status_code, sent.status_code) == (400, 400)
    assert "dan komt het saldo te laag" in thanked.content.decode()
    assert Account.objects.filter(kind=Account.Kind.PERSON).exists() is False
    assert Transfer.objects.exists() is False
