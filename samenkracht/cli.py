"""The `samenkracht` command: operations such as imports and replays.

`samenkracht SUBCOMMAND ...` runs the Django management command of that name (dashes
and underscores are the same), so every operation is one tested management command.
`samenkracht allocate FILE.pb --rule RULE` is the exception: it runs the allocation core
directly, without setting up Django, so it starts fast and needs no database.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["allocate"]:
        from samenkracht.core.budgeting.cli import main as allocate_main

        code = allocate_main(args[1:])
        if code:
            raise SystemExit(code)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["samenkracht", *args])


if __name__ == "__main__":
    main()
