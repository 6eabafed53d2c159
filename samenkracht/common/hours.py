"""Hours as people read them, in the page's language: "1,5 uur", "1.5 hours".

Shared by the apps that speak of time given: matching records how long help took, the time
bank books the hours.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import npgettext


def hours_unit(count: int) -> str:
    """The word for hours after `count` of them: 1 uur, 2 uur; 1 hour, 2 hours."""
    return npgettext("unit of the hours currency", "uur", "uur", count)


def plural_count(units: int, *, scale: int) -> int:
    """The whole number gettext chooses a plural form by, for an amount in smallest units
    (`scale` decimals).

    Exactly one (1 or 1,00) reads as one; a fraction reads as more than one ("1,5 hours",
    "0,25 hours"), which is right in Dutch and English, the site's languages.
    """
    whole, fraction = divmod(abs(units), 10**scale)
    return whole if fraction == 0 else 2


def hours_number(hours: Decimal) -> str:
    """A number of hours without trailing zeros, written the page's way ("1,5", "2")."""
    shown = hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else hours.normalize()
    return formats.number_format(shown)


def hours_text(hours: Decimal) -> str:
    """A number of hours with its unit: "1,5 uur", "1 hour"."""
    units = int(hours * 100)
    return f"{hours_number(hours)} {hours_unit(plural_count(units, scale=2))}"
