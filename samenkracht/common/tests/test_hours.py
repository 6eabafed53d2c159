"""Hours read in the page's language: the number as written there, the unit counted."""

from decimal import Decimal

import pytest
from django.utils import translation

from samenkracht.common.hours import hours_text


@pytest.mark.parametrize(
    ("hours", "dutch", "english"),
    [
        (Decimal("1"), "1 uur", "1 hour"),
        (Decimal("1.00"), "1 uur", "1 hour"),
        (Decimal("1.50"), "1,5 uur", "1.5 hours"),
        (Decimal("0.25"), "0,25 uur", "0.25 hours"),
        (Decimal("2"), "2 uur", "2 hours"),
        (Decimal("100.00"), "100 uur", "100 hours"),
    ],
)
def test_hours_text_in_dutch_and_english(hours, dutch, english):
    with translation.override("nl"):
        assert hours_text(hours) == dutch
    with translation.override("en"):
        assert hours_text(hours) == english
