from django import template

from samenkracht.exchange.models import Currency

register = template.Library()


@register.filter
def units(value: int, currency: Currency) -> str:
    """Smallest units as the currency writes them: 150 hundredths of an hour is "1,50"."""
    return currency.format(int(value)).replace(".", ",")


@register.filter
def signed_units(value: int, currency: Currency) -> str:
    text = units(value, currency)
    return f"+{text}" if int(value) > 0 else text.replace("-", "−")
