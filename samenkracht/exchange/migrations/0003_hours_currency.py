"""Hours, the time bank's currency, for the whole platform, with its issuance account and its
community pool. Two decimals: a quarter of an hour is 25."""

from django.db import migrations


def forward(apps, schema_editor):
    Currency = apps.get_model("exchange", "Currency")
    Account = apps.get_model("exchange", "Account")
    hours, _created = Currency.objects.get_or_create(
        code="uren",
        defaults={
            "name": "Uren",
            "unit": "uur",
            "scale": 2,
            # Ten hours below zero lets someone ask before giving; a hundred hours is plenty.
            "floor": 1000,
            "ceiling": 10000,
            "is_opened_for_everyone": True,
        },
    )
    for kind in ("issuance", "pool"):
        Account.objects.get_or_create(currency=hours, kind=kind)


def backward(apps, schema_editor):
    Currency = apps.get_model("exchange", "Currency")
    Account = apps.get_model("exchange", "Account")
    Transfer = apps.get_model("exchange", "Transfer")
    if Transfer.objects.filter(debit__currency__code="uren").exists():
        return  # history stays
    Account.objects.filter(currency__code="uren").delete()
    Currency.objects.filter(code="uren").delete()


class Migration(migrations.Migration):
    dependencies = [("exchange", "0002_immutable_transfers")]

    operations = [migrations.RunPython(forward, backward)]
