from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samenkracht.exchange.selectors import ledger_verify


class Command(BaseCommand):
    help = "Controleer de tijdbank: som nul per munt, grenzen, saldi gelijk aan de overboekingen."

    def handle(self, *args: Any, **options: Any) -> None:
        violations = ledger_verify()
        for violation in violations:
            self.stderr.write(violation)
        if violations:
            raise CommandError(f"{len(violations)} violation(s)")
        self.stdout.write("ledger ok")
