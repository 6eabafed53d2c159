"""How long the demo generator takes for a whole town, against the 120-second target.

    .venv/bin/python -m bench.demo [--residents 100000] [--database-url URL] [--json PATH]

A fresh database is made for every run: an SQLite file in a temporary directory, or the
PostgreSQL database named in --database-url, which must exist and be empty.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = 120.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.demo", description=__doc__)
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", help="default: SQLite in a temporary directory")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="samenkracht-bench-") as directory:
        database_url = args.database_url or f"sqlite:///{directory}/bench.sqlite3"
        figures = run(residents=args.residents, seed=args.seed, database_url=database_url)
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if figures["seconds"] <= TARGET_SECONDS else 1


def run(*, residents: int, seed: int, database_url: str) -> dict[str, Any]:
    # Settings are read once, at setup: the database must be chosen before it.
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from samenkracht.people.demo import demo_generate

    call_command("migrate", verbosity=0, interactive=False)
    call_command("import_neighbourhoods", "--builtin", stdout=io.StringIO())
    started = time.perf_counter()
    counts = demo_generate(residents=residents, seed=seed)
    seconds = time.perf_counter() - started
    return {
        "benchmark": "demo_generate",
        "database": connection.vendor,
        "residents": residents,
        "seed": seed,
        "rows": counts.rows(),
        "seconds": round(seconds, 2),
        "target_seconds": TARGET_SECONDS,
        "within_target": seconds <= TARGET_SECONDS,
    }


def table(figures: dict[str, Any]) -> str:
    rows = [(model, f"{count:,}") for model, count in figures["rows"].items()]
    rows.append(("total rows", f"{sum(figures['rows'].values()):,}"))
    width = max(len(model) for model, _ in rows)
    lines = [
        f"demo_generate, {figures['residents']:,} residents on {figures['database']}",
        "",
        *(f"  {model.ljust(width)}  {count:>9}" for model, count in rows),
        "",
        f"  {'':{width}}  {'ours':>9}  {'target':>9}",
        f"  {'seconds'.ljust(width)}  {figures['seconds']:>9.1f}  {figures['target_seconds']:>9.0f}",
        f"  {'verdict'.ljust(width)}  {'within target' if figures['within_target'] else 'TOO SLOW'}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
