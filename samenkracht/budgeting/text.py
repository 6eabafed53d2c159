"""Money and numbers as residents read them: "€ 9.200", in the active language's format."""

import math
from decimal import Decimal
from fractions import Fraction

from django.utils import formats


def euro(amount: Decimal | Fraction | int | float | None) -> str:
    """Format an amount in euro; whole euros without cents, like on a poster."""
    if amount is None:
        return "–"
    value = (
        Decimal(amount.numerator) / Decimal(amount.denominator)
        if isinstance(amount, Fraction)
        else Decimal(str(amount))
    )
    cents = value.quantize(Decimal("0.01"))
    is_whole = cents == cents.to_integral_value()
    number = formats.number_format(
        cents if not is_whole else cents.to_integral_value(),
        decimal_pos=0 if is_whole else 2,
        use_l10n=True,
        force_grouping=True,
    )
    return f"€\u00a0{number}"


def euro_at_most(amount: Fraction) -> str:
    """An upper bound in whole euros ("hoogstens € 211" for 210.81): still true, easier to read."""
    return euro(math.ceil(amount))


def euro_at_least(amount: Fraction) -> str:
    """A lower bound in whole euros ("nog € 11.325" for 11,325.57)."""
    return euro(math.floor(amount))


def fraction_text(value: Fraction) -> str:
    """Store an exact fraction as text ("12/7"); `fraction_parse` reads it back."""
    return f"{value.numerator}/{value.denominator}"


def fraction_parse(text: str | None) -> Fraction | None:
    if not text:
        return None
    return Fraction(text)
