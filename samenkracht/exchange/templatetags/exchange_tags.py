from django import template

from samenkracht.exchange.models import Currency

register = template.Library()


@register.filter
def units(value: int, currency: Currency) -> str:
    """Smallest units as the currency writes them: 150 hundredths of an hour is "1,50"."""
    return currency.display(int(value))


@register.filter
def unit_for(currency: Currency, value: int | None = None) -> str:
    """The currency's unit to write after an amount (none given: above a column of amounts).

    The built-in hours read "uur" in Dutch and "hour"/"hours" in English; a unit an
    administrator entered stays as entered.
    """
    return currency.unit_label(None if value is None or value == "" else int(value))


@register.filter
def signed_units(value: int, currency: Currency) -> str:
    text = units(value, currency)
    return f"+{text}" if int(value) > 0 else text.replace("-", "−")
