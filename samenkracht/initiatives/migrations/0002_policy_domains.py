"""The twelve policy domains the issue names; the list stays editable in the admin."""

from django.db import migrations

DOMAINS = [
    ("zorg", "Zorg"),
    ("welzijn", "Welzijn"),
    ("jeugd", "Jeugd"),
    ("wonen", "Wonen"),
    ("groen", "Groen"),
    ("energie", "Energie"),
    ("veiligheid", "Veiligheid"),
    ("cultuur", "Cultuur"),
    ("sport", "Sport"),
    ("economie", "Economie"),
    ("onderwijs", "Onderwijs"),
    ("mobiliteit", "Mobiliteit"),
]


def add_domains(apps, schema_editor):
    PolicyDomain = apps.get_model("initiatives", "PolicyDomain")
    for position, (slug, name) in enumerate(DOMAINS):
        PolicyDomain.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def remove_domains(apps, schema_editor):
    PolicyDomain = apps.get_model("initiatives", "PolicyDomain")
    PolicyDomain.objects.filter(slug__in=[slug for slug, _ in DOMAINS], initiatives=None).delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(add_domains, remove_domains)]
