"""The hours unit reads in the page's language, counted; other currencies' units as entered."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from samenkracht.exchange.tests.factories import CurrencyFactory, account_for, hours, issue
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "units", "expected"),
    [
        ("nl", 100, "uur"),
        ("nl", 200, "uur"),
        ("nl", 150, "uur"),
        ("nl", None, "uur"),
        ("en", 100, "hour"),
        ("en", -100, "hour"),
        ("en", 200, "hours"),
        ("en", 150, "hours"),
        ("en", 25, "hours"),
        ("en", 0, "hours"),
        ("en", None, "hours"),
    ],
)
def test_the_hours_unit_is_translated_and_counted(language, units, expected):
    currency = hours()
    with translation.override(language):
        assert currency.unit_label(units) == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_units_an_administrator_entered_stay_as_entered(language):
    # given: a local currency, and the hours currency whose unit was renamed
    makkie = CurrencyFactory(code="makkie", unit="Makkie")
    renamed = hours()
    renamed.unit = "tijdseenheid"
    # when / then
    with translation.override(language):
        assert (makkie.unit_label(1), makkie.unit_label(2), makkie.unit_label(None)) == (
            "Makkie",
            "Makkie",
            "Makkie",
        )
        assert renamed.unit_label(200) == "tijdseenheid"


def test_the_time_bank_page_shows_the_unit_in_the_visitors_language():
    # given: Ann holds one hour; Bas two
    ann, bas = ResidentFactory(), ResidentFactory()
    issue(account_for(ann), 100)
    issue(account_for(bas), 200)

    def page(user, language):
        client = Client()
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client.get(f"/tijdbank/?rekening={account_for(user).pk}").content.decode()

    # when
    pages = {
        (user.username, language): page(user, language)
        for user in (ann, bas)
        for language in ("nl", "en")
    }
    # then
    assert f'id="balance-{account_for(ann).pk}">1,00 uur<' in pages[ann.username, "nl"]
    assert f'id="balance-{account_for(ann).pk}">1.00 hour<' in pages[ann.username, "en"]
    assert f'id="balance-{account_for(bas).pk}">2,00 uur<' in pages[bas.username, "nl"]
    assert f'id="balance-{account_for(bas).pk}">2.00 hours<' in pages[bas.username, "en"]
    assert '<th scope="col" class="number">Hours</th>' in pages[bas.username, "en"]
    assert '<th scope="col" class="number">Uur</th>' in pages[bas.username, "nl"]
