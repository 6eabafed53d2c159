"""Seed the Dutch taxonomy of asks and offers (two levels); admins may edit it afterwards."""

from django.db import migrations

from samenkracht.core.matching.taxonomy import taxonomy_entries


def _synonyms_text(entry):
    words = list(entry.words)
    for canonical, synonyms in entry.synonyms.items():
        words.extend([canonical, *synonyms])
    return ", ".join(dict.fromkeys(words))


def seed_categories(apps, schema_editor):
    Category = apps.get_model("matching", "Category")
    by_taxonomy_id = {}
    for position, entry in enumerate(taxonomy_entries()):
        category, _created = Category.objects.get_or_create(
            slug=entry.slug,
            defaults={
                "name": entry.name,
                "parent": by_taxonomy_id.get(entry.parent_id),
                "synonyms": _synonyms_text(entry),
                "position": position,
                "is_active": True,
            },
        )
        by_taxonomy_id[entry.id] = category


def unseed_categories(apps, schema_editor):
    Category = apps.get_model("matching", "Category")
    slugs = [entry.slug for entry in taxonomy_entries()]
    # Categories that asks or offers already use stay: PROTECT would refuse them anyway.
    unused = Category.objects.filter(slug__in=slugs, listings__isnull=True)
    unused.filter(parent__isnull=False).delete()
    unused.filter(parent__isnull=True, children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(seed_categories, unseed_categories)]
