"""`samenkracht allocate FILE.pb --rule RULE`: run a rule on a Pabulib file.

Prints the selected project ids, one per line, sorted as text (as in the pabutools
fixture); with --json an object {"selected": [...], "spent": ..., "seconds": ...} where
`spent` is a number, or a string when it is not a whole amount ("2572946.76").
Runs without Django, so it starts fast and needs no database.
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

from samenkracht.core.budgeting.model import RULES, UTILITIES
from samenkracht.core.budgeting.pb import PbError, format_amount, read_pb
from samenkracht.core.budgeting.rules import allocate, normalize_rule

EXIT_BAD_INPUT = 2


def main(argv: list[str]) -> int:
    """Run `samenkracht allocate` with `argv` (without the word "allocate")."""
    parser = argparse.ArgumentParser(
        prog="samenkracht allocate",
        description="Select projects of a Pabulib .pb file with a participatory-budgeting rule.",
    )
    parser.add_argument("file", help="a Pabulib .pb file")
    parser.add_argument("--rule", required=True, type=_rule, help=", ".join(RULES))
    parser.add_argument("--utility", choices=UTILITIES, default="cost")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="add-one rules: look at every step, as pabutools does (slower on big files)",
    )
    args = parser.parse_args(argv)
    try:
        instance = read_pb(args.file)
    except PbError as error:
        print(f"samenkracht allocate: {args.file}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    outcome = allocate(instance, args.rule, args.utility, exact=args.exact)
    selected = sorted(outcome.selected)
    if args.json:
        print(
            json.dumps(
                {
                    "selected": selected,
                    "spent": _json_amount(outcome.spent),
                    "seconds": outcome.seconds,
                }
            )
        )
    else:
        for project_id in selected:
            print(project_id)
    return 0


def _rule(value: str) -> str:
    try:
        return normalize_rule(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _json_amount(amount: Fraction) -> int | str:
    if amount.denominator == 1:
        return amount.numerator
    try:
        return format_amount(amount)
    except ValueError:
        return str(amount)
