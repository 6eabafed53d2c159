from decimal import Decimal
from typing import Any

from django import template

from samenkracht.budgeting.text import euro as euro_text

register = template.Library()


@register.filter
def euro(amount: Decimal | int | None) -> str:
    """€ 9.200 (whole euros without cents) in the active language's number format."""
    return euro_text(amount)


@register.filter
def unlocalized(value: Any) -> str:
    """A number as the browser's scripts read it: a dot for decimals, no grouping."""
    return str(value)
