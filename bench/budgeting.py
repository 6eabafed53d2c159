"""How fast the allocation core is, side by side with pabutools 1.2.3, per Pabulib file.

    .venv/bin/python -m bench.budgeting [--rule mes-add1] [--only SUBSTRING]
        [--repeat 3] [--skip-pabutools] [--pabutools-timeout 300] [--json PATH]

Both sides time the rule call on an election already read from its file, as the fixture
does for pabutools; reading (`read_pb`, pabutools's `parse_pabulib`) is not timed. Ours is
`allocate(instance, rule)`, best of --repeat runs: it builds the supporters of every
project, runs the rule and explains every project's result. The reader has looked every
project id on a ballot up once, to check it, and keeps the approvals as project positions
(`Approvals`), as pabutools's parser links its ballots to project objects; an `Instance`
built in code (the app's) has its ids looked up inside the call. pabutools runs once per
file in a subprocess and is stopped after --pabutools-timeout seconds. With --skip-pabutools
the fixture's recorded pabutools seconds (2-core machine) are shown instead, and "same"
compares with the fixture's selection. A synthetic "Budapest-like" election (budget 10^9,
costs 10^6 to 10^8) is added, where pabutools's one-unit steps are expected to time out.
Targets: at least 100x pabutools on every file, every Amsterdam file under 50 ms,
Toulouse 2022 and every large Polish file (20,000 voters or more) under 1 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from samenkracht.core.budgeting import (
    RULES,
    Ballot,
    Instance,
    Project,
    allocate,
    normalize_rule,
    read_pb,
    write_pb,
)

PABULIB_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "pabulib"
SYNTHETIC = "Synthetic_Budapest-like"
TARGET_RATIO = 100.0
TARGET_AMSTERDAM_SECONDS = 0.050
TARGET_LARGE_SECONDS = 1.0
LARGE_VOTERS = 20_000
# The fixture's names for the rules it records.
FIXTURE_RULES = {
    "greedy": "greedy",
    "mes": "mes",
    "mes-add1": "mes_add1",
    "mes-add1-greedy": "mes_add1_greedy",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.budgeting", description=__doc__)
    parser.add_argument("--rule", default="mes-add1", type=normalize_rule, help=", ".join(RULES))
    parser.add_argument("--utility", default="cost", choices=("cost", "approval"))
    parser.add_argument("--only", default="", help="only files whose name contains this")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours; the best counts")
    parser.add_argument("--skip-pabutools", action="store_true")
    parser.add_argument("--pabutools-timeout", type=float, default=300.0)
    parser.add_argument("--data", type=Path, default=PABULIB_DIR)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _pabutools_worker(args.worker, args.rule, args.utility)
    figures = run(args)
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if figures["summary"]["all_met"] else 1


def run(args: argparse.Namespace) -> dict[str, Any]:
    recorded = json.loads((args.data / "pabutools_outcomes.json").read_text(encoding="utf-8"))
    fixture_rule = FIXTURE_RULES.get(args.rule) if args.utility == "cost" else None
    paths = [p for p in sorted(args.data.glob("*.pb")) if args.only in p.stem]
    rows = []
    with tempfile.TemporaryDirectory(prefix="samenkracht-bench-") as directory:
        if args.only in SYNTHETIC:
            synthetic = Path(directory) / f"{SYNTHETIC}.pb"
            synthetic.write_text(write_pb(budapest_like()), encoding="utf-8")
            paths.append(synthetic)
        for path in paths:
            instance = read_pb(path)
            seconds, selected = _time_ours(instance, args.rule, args.utility, args.repeat)
            known = recorded.get(path.stem, {})
            row: dict[str, Any] = {
                "file": path.stem,
                "voters": len(instance.ballots),
                "projects": len(instance.projects),
                "ours_ms": round(seconds * 1000, 2),
            }
            if args.skip_pabutools:
                row["pabutools_source"] = "recorded"
                row["pabutools_s"] = (
                    known.get("seconds", {}).get(fixture_rule) if fixture_rule else None
                )
                expected = known.get(fixture_rule) if fixture_rule else None
                row["same"] = None if expected is None else sorted(expected) == selected
            else:
                row["pabutools_source"] = "measured"
                theirs = _time_pabutools(path, args.rule, args.utility, args.pabutools_timeout)
                row["pabutools_s"] = theirs.get("seconds")
                row["pabutools_timed_out"] = theirs.get("timed_out", False)
                row["pabutools_error"] = theirs.get("error")
                expected = theirs.get("selected")
                row["same"] = None if expected is None else sorted(expected) == selected
            row["ratio"] = _ratio(row, args.pabutools_timeout)
            print(_line(row, len(row["file"])), file=sys.stderr)
            rows.append(row)
    return {
        "benchmark": "allocate",
        "rule": args.rule,
        "utility": args.utility,
        "repeat": args.repeat,
        "rows": rows,
        "summary": summary(rows),
    }


def budapest_like(seed: int = 2024) -> Instance:
    """An election shaped like Budapest 2024: a budget of 10^9, costs of 10^6 to 10^8."""
    rng = np.random.default_rng(seed)
    size, voters = 60, 3000
    costs = np.round(10 ** rng.uniform(6, 8, size=size), -3).astype(np.int64)
    popularity = rng.zipf(1.6, size=size).astype(np.float64)
    popularity /= popularity.sum()
    projects = tuple(Project(id=str(i + 1), cost=Fraction(int(c))) for i, c in enumerate(costs))
    ballots = []
    for voter in range(voters):
        chosen = rng.choice(size, size=int(rng.integers(1, 8)), replace=False, p=popularity)
        ballots.append(
            Ballot(voter_id=str(voter + 1), approved=tuple(str(i + 1) for i in sorted(chosen)))
        )
    return Instance(
        budget=Fraction(10**9),
        projects=projects,
        ballots=tuple(ballots),
        meta={
            "description": "synthetic, Budapest-like",
            "num_projects": str(size),
            "num_votes": str(voters),
            "budget": str(10**9),
            "vote_type": "approval",
        },
    )


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ratios = [row["ratio"] for row in rows if row["ratio"] is not None]
    amsterdam = [row["ours_ms"] for row in rows if "Amsterdam" in row["file"]]
    large = [
        row["ours_ms"]
        for row in rows
        if "Toulouse" in row["file"] or ("Poland" in row["file"] and row["voters"] >= LARGE_VOTERS)
    ]
    checks = {
        "ratio_at_least_100": bool(ratios) and min(ratios) >= TARGET_RATIO,
        "amsterdam_under_50_ms": all(ms < TARGET_AMSTERDAM_SECONDS * 1000 for ms in amsterdam),
        "toulouse_and_large_polish_under_1_s": all(
            ms < TARGET_LARGE_SECONDS * 1000 for ms in large
        ),
        "same_outcome_everywhere": all(row["same"] is not False for row in rows),
    }
    return {
        "min_ratio": min(ratios) if ratios else None,
        "median_ratio": float(np.median(ratios)) if ratios else None,
        "max_amsterdam_ms": max(amsterdam) if amsterdam else None,
        "max_large_ms": max(large) if large else None,
        "below_100x": [
            row["file"] for row in rows if row["ratio"] is not None and row["ratio"] < TARGET_RATIO
        ],
        **checks,
        "all_met": all(checks.values()),
    }


def table(figures: dict[str, Any]) -> str:
    rows = figures["rows"]
    source = rows[0]["pabutools_source"] if rows else "measured"
    width = max([len(row["file"]) for row in rows] + [4])
    header = (
        f"  {'file'.ljust(width)}  {'voters':>7}  {'proj':>4}  {'ours ms':>9}  "
        f"{'pabutools s':>12}  {'ratio':>8}  same"
    )
    lines = [
        f"allocate, rule {figures['rule']} ({figures['utility']} utilities), best of "
        f"{figures['repeat']}; pabutools {source}",
        "",
        header,
        *(_line(row, width) for row in rows),
        "",
    ]
    result = figures["summary"]

    def verdict(met: bool) -> str:
        return "met" if met else "NOT MET"

    lines += [
        f"  ≥ {TARGET_RATIO:.0f}x pabutools on every file: min {_number(result['min_ratio'])}x, "
        f"median {_number(result['median_ratio'])}x -> {verdict(result['ratio_at_least_100'])}"
        + (f" (below: {', '.join(result['below_100x'])})" if result["below_100x"] else ""),
        f"  every Amsterdam file < {TARGET_AMSTERDAM_SECONDS * 1000:.0f} ms: max "
        f"{_number(result['max_amsterdam_ms'])} ms -> {verdict(result['amsterdam_under_50_ms'])}",
        f"  Toulouse and large Polish files < {TARGET_LARGE_SECONDS:.0f} s: max "
        f"{_number(result['max_large_ms'])} ms -> "
        f"{verdict(result['toulouse_and_large_polish_under_1_s'])}",
        f"  same outcome as pabutools everywhere: {verdict(result['same_outcome_everywhere'])}",
    ]
    return "\n".join(lines)


def _line(row: dict[str, Any], width: int) -> str:
    if row.get("pabutools_timed_out"):
        theirs = f"> {row['pabutools_s']:.0f} s"
    elif row.get("pabutools_error"):
        theirs = "error"
    elif row["pabutools_s"] is None:
        theirs = "n/a"
    else:
        theirs = f"{row['pabutools_s']:.3f}"
    ratio = "n/a" if row["ratio"] is None else f"{row['ratio']:.0f}x"
    if row.get("pabutools_timed_out") and row["ratio"] is not None:
        ratio = ">" + ratio
    same = {True: "yes", False: "NO", None: "n/a"}[row["same"]]
    return (
        f"  {row['file']:<{width}}  {row['voters']:>7}  {row['projects']:>4}  "
        f"{row['ours_ms']:>9.2f}  {theirs:>12}  {ratio:>8}  {same}"
    )


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _ratio(row: dict[str, Any], timeout: float) -> float | None:
    theirs = row["pabutools_s"]
    if row.get("pabutools_timed_out"):
        theirs = timeout
    if not theirs:
        return None
    return float(theirs) / (row["ours_ms"] / 1000)


def _time_ours(instance: Instance, rule: str, utility: str, repeat: int) -> tuple[float, list[str]]:
    best = float("inf")
    selected: list[str] = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        outcome = allocate(instance, rule, utility)
        best = min(best, time.perf_counter() - started)
        selected = sorted(outcome.selected)
    return best, selected


def _time_pabutools(path: Path, rule: str, utility: str, timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.budgeting", "--worker", str(path), "--rule", rule]
    command += ["--utility", utility]
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"timed_out": True, "seconds": timeout}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def _pabutools_worker(path: Path, rule: str, utility: str) -> int:
    """Run pabutools once on `path` and print {"seconds", "selected"} as JSON."""
    from pabutools.election import Cardinality_Sat, Cost_Sat, parse_pabulib
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    if rule == "mes-add1-full":
        print(json.dumps({"error": "pabutools has no mes-add1-full"}))
        return 0
    instance, profile = parse_pabulib(str(path))
    sat_class = Cost_Sat if utility == "cost" else Cardinality_Sat
    started = time.perf_counter()
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat_class)
    elif rule == "phragmen":
        outcome = sequential_phragmen(instance, profile)
    else:
        increment = None if rule == "mes" else 1
        outcome = method_of_equal_shares(
            instance, profile, sat_class=sat_class, voter_budget_increment=increment
        )
        if rule == "mes-add1-greedy":
            outcome = greedy_utilitarian_welfare(
                instance, profile, sat_class=sat_class, initial_budget_allocation=outcome
            )
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "selected": sorted(p.name for p in outcome)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
