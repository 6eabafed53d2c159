from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from samenkracht.people.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from samenkracht.people.models import User


class Command(BaseCommand):
    help = "Toon de vaste demo-accounts met hun wachtwoord en waar u inlogt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="poort van de webserver")

    def handle(self, *args: Any, **options: Any) -> None:
        existing = set(
            User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        rows = [("Rol", "Gebruikersnaam", "Wachtwoord")]
        rows += [
            (str(User.Role(account.role).label), account.username, DEMO_PASSWORD)
            for account in DEMO_ACCOUNTS
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        self.stdout.write("\n".join(line.rstrip() for line in lines))
        login_url = f"http://127.0.0.1:{options['port']}{reverse('people:login')}"
        self.stdout.write(f"\nInloggen: {login_url}")
        missing = [a.username for a in DEMO_ACCOUNTS if a.username not in existing]
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    f"Nog niet aangemaakt: {', '.join(missing)}. Draai eerst: manage.py generate_demo"
                )
            )
