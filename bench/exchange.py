"""Stress run of the time bank's ledger: concurrent clients, a killed client, then a full check.

    .venv/bin/python -m bench.exchange [--transfers 1000000] [--clients 8] [--batch 100]
        [--accounts 5000] [--json PATH]
        [--database-url postgres://postgres@127.0.0.1:5432/samenkracht_bench_exchange]

The database named in --database-url is dropped, made again and migrated; it gets
`--accounts` resident accounts in hours (floor 10 h, ceiling 100 h) with a starting balance
issued from the system account. Then `--clients` client processes run at the same time.
Each calls the service layer directly, the way the API's workers would but without HTTP: it
sends batches of `--batch` requests through `exchange.services.ledger_apply`, which locks
the accounts of the batch in id order, lets `core.ledger.apply_batch` decide (linked chains
all-or-nothing, limits with reservations, idempotency by key and body) and writes the
transfers and balances in one transaction. The requests are random transfers, some
pending (with an expiry), linked pairs, resolutions that conflict (post and void of the
same pending transfer, also of other clients' pending transfers), retries of keys already
sent (duplicates) and amounts that break the floor or the ceiling.

Each client keeps a journal: a batch is written to it before it is sent and marked done
after its transaction committed. Part-way through, client 0 is killed with SIGKILL and
started again: it replays its seeded generator up to the in-flight batch (the workload
depends only on the seed, never on outcomes), checks that it comes out as journaled and
resends it with the same keys and bodies. At the
end the run checks, with `exchange.selectors.ledger_verify` and the journals: sum per
currency zero, no balance outside its limits, balances equal to the sums of their
transfers, every pending transfer resolved at most once, every idempotency key applied at
most once and every transfer a journal saw committed present in the database.

The throughput counted is requests decided per second of wall time (each applied, refused
or recognised as a duplicate exactly once), and transfers written per second. The figures
also hold the machine's load average and the CPU time the clients used, since the clients
share the machine's cores with PostgreSQL (and with whatever else runs).
"""

import argparse
import contextlib
import dataclasses
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/samenkracht_bench_exchange"
TARGET_PER_SECOND = 2000.0
START_UNITS = 500  # five hours each
KILL_AT = 0.4  # share of the work done when client 0 is killed
SENT_KEPT = 500  # the recent transfers a client draws its duplicates from
PENDINGS_KEPT = 200  # the recent pending transfers a client resolves
TOTALS = ("generated", "decided", "applied", "duplicate", "refused", "batches")


class BenchError(Exception):
    pass


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    import django

    django.setup()


# --- setup -----------------------------------------------------------------------------------


def database_recreate(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise BenchError("the stress run is for PostgreSQL: give a postgres:// --database-url")
    database = parts.path.lstrip("/")
    if not database or database.startswith("test_") or database == "samenkracht":
        raise BenchError(f"refusing to drop and fill database {database!r}")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
            admin.execute(f'CREATE DATABASE "{database}"')
    except psycopg.OperationalError as error:
        raise BenchError(f"PostgreSQL does not answer: {error}") from error


def accounts_create(count: int) -> list[str]:
    """`count` residents with an hours account, each given a starting balance."""
    from django.utils import timezone

    from samenkracht.exchange.models import Account, Currency, Transfer
    from samenkracht.exchange.services import TransferRequest, ledger_apply
    from samenkracht.people.models import User

    users = User.objects.bulk_create(
        [User(username=f"bench{i}", password="!") for i in range(count)]  # noqa: S106 (unusable), batch_size=2000
    )
    hours = Currency.objects.get(code="uren")
    accounts = Account.objects.bulk_create(
        [Account(currency=hours, kind=Account.Kind.PERSON, owner=user) for user in users],
        batch_size=2000,
    )
    issuance = Account.objects.get(currency=hours, kind=Account.Kind.ISSUANCE)
    now = timezone.now()
    for start in range(0, count, 500):
        ledger_apply(
            requests=[
                TransferRequest(
                    key=f"start:{account.pk}",
                    kind=Transfer.Kind.ISSUANCE,
                    debit_id=issuance.pk,
                    credit_id=account.pk,
                    amount=START_UNITS,
                )
                for account in accounts[start : start + 500]
            ],
            now=now,
        )
    return [str(account.pk) for account in accounts]


# --- a client --------------------------------------------------------------------------------


class Client:
    """One client process: random batches, a journal, and a resume after being killed."""

    def __init__(self, *, index: int, accounts: list[str], clients: int, journal: Path) -> None:
        self.index = index
        self.accounts = accounts
        self.clients = clients
        self.journal = journal
        self.random = random.Random(2026 * 1000 + index)  # noqa: S311 (a seeded workload)
        self.sequence = 0
        self.sent: list[dict[str, Any]] = []  # recent transfers sent, to retry as duplicates
        self.pendings: list[str] = []  # keys of recent own pending transfers

    def key(self) -> str:
        self.sequence += 1
        return f"c{self.index}-{self.sequence}"

    def transfer(self, *, is_pending: bool = False, is_linked: bool = False) -> dict[str, Any]:
        debit, credit = self.random.sample(self.accounts, 2)
        key = self.key()
        roll = self.random.random()
        # Some amounts break the floor (10 h) or the ceiling (100 h) on purpose.
        amount = 12000 if roll < 0.01 else 1500 if roll < 0.03 else self.random.randint(25, 400)
        request = {
            "type": "transfer",
            "key": key,
            "debit": debit,
            "credit": credit,
            "amount": amount,
            "is_pending": is_pending,
            "is_linked": is_linked,
            "expires_at": self.expiry() if is_pending else None,
        }
        # Only the most recent are ever drawn from: keep the lists short (trimming leaves
        # the tails, and so the random draws, exactly as they were).
        if is_pending:
            self.pendings.append(key)
            if len(self.pendings) > 2 * PENDINGS_KEPT:
                del self.pendings[:-PENDINGS_KEPT]
        else:
            self.sent.append(request)
            if len(self.sent) > 2 * SENT_KEPT:
                del self.sent[:-SENT_KEPT]
        return request

    def expiry(self) -> str | None:
        seconds = self.random.choice([None, 1, 3600])
        if seconds is None:
            return None
        return (self.now() + timedelta(seconds=seconds)).isoformat()

    def batch(self, size: int) -> list[dict[str, Any]]:
        requests: list[dict[str, Any]] = []
        while len(requests) < size:
            roll = self.random.random()
            if roll < 0.05 and self.sent:
                requests.append({**self.random.choice(self.sent[-SENT_KEPT:]), "is_linked": False})
            elif roll < 0.13:
                requests.append(self.transfer(is_pending=True))
            elif roll < 0.21:
                requests.append(self.resolution())
            elif roll < 0.25:
                requests.append(self.transfer(is_linked=True))
                requests.append(self.transfer())
            else:
                requests.append(self.transfer())
        return requests

    def resolution(self) -> dict[str, Any]:
        if self.pendings and self.random.random() < 0.7:
            pending_key = self.random.choice(self.pendings[-PENDINGS_KEPT:])
        else:
            # Another client's pending transfer (if it exists): resolutions that conflict.
            other = self.random.randrange(self.clients)
            pending_key = f"c{other}-{self.random.randint(1, max(1, self.sequence))}"
        is_post = self.random.random() < 0.6
        return {
            "type": "resolve",
            "key": f"{'post' if is_post else 'void'}:{pending_key}",
            "pending_key": pending_key,
            "is_post": is_post,
            "is_linked": False,
        }

    def send(self, requests: list[dict[str, Any]], now: datetime) -> dict[str, int]:
        from samenkracht.exchange.models import Transfer
        from samenkracht.exchange.services import ResolveRequest, TransferRequest, ledger_apply

        pending_keys = [r["pending_key"] for r in requests if r["type"] == "resolve"]
        pending_ids = dict(
            Transfer.objects.filter(key__in=pending_keys, is_pending=True).values_list("key", "pk")
        )
        built: list[TransferRequest | ResolveRequest] = []
        for request in requests:
            if request["type"] == "resolve":
                pending_id = pending_ids.get(request["pending_key"])
                if pending_id is None:
                    continue  # no such pending transfer (yet): nothing to resolve
                built.append(
                    ResolveRequest(
                        key=request["key"], pending_id=pending_id, is_post=request["is_post"]
                    )
                )
            else:
                expires_at = request["expires_at"]
                built.append(
                    TransferRequest(
                        key=request["key"],
                        kind=Transfer.Kind.FREE,
                        debit_id=request["debit"],
                        credit_id=request["credit"],
                        amount=request["amount"],
                        is_pending=request["is_pending"],
                        expires_at=(
                            datetime.fromisoformat(expires_at) if expires_at is not None else None
                        ),
                        is_linked=request["is_linked"],
                    )
                )
        last = built[-1] if built else None
        if isinstance(last, TransferRequest) and last.is_linked:
            built[-1] = dataclasses.replace(last, is_linked=False)
        outcomes = ledger_apply(requests=built, now=now)
        counts = {"decided": len(outcomes), "applied": 0, "duplicate": 0, "refused": 0}
        applied_keys = []
        for outcome in outcomes:
            if outcome.refusal is not None:
                counts["refused"] += 1
            elif outcome.is_duplicate:
                counts["duplicate"] += 1
                applied_keys.append(outcome.key)
            else:
                counts["applied"] += 1
                applied_keys.append(outcome.key)
        counts["keys"] = applied_keys  # type: ignore[assignment]
        return counts

    def run(self, *, operations: int, batch_size: int, resume: bool) -> None:
        totals = dict.fromkeys(TOTALS, 0)
        if resume:
            totals.update(self.resume(operations=operations, batch_size=batch_size))
        with self.journal.open("a", encoding="utf-8") as journal:
            while totals["generated"] < operations:
                requests = self.batch(min(batch_size, operations - totals["generated"]))
                # The batch and the totals so far; not the generator's state, which a
                # resume rebuilds from the seed (journaling it cost more than the batch).
                self.write(journal, {"inflight": requests, "totals": totals})
                counts = self.send(requests, now=self.now())
                self.write(journal, {"done": counts.pop("keys")})
                for name, value in counts.items():
                    totals[name] += value
                totals["batches"] += 1
                totals["generated"] += len(requests)
            self.write(journal, {"finished": totals})

    def now(self) -> datetime:
        # The clients share a clock that runs from the start of 2026, one second per batch,
        # so that pending transfers really expire during the run.
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=self.sequence // 50)

    def write(self, journal: Any, entry: dict[str, Any]) -> None:
        journal.write(json.dumps(entry, default=_json_default) + "\n")
        journal.flush()
        os.fsync(journal.fileno())

    def resume(self, *, operations: int, batch_size: int) -> dict[str, Any]:
        """Read the journal; resend an in-flight batch with its own keys and bodies."""
        entries = []
        for line in self.journal.read_text().splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                entries.append(json.loads(line))
        # A kill in the middle of a journal line leaves it unreadable: it was never sent.
        last_inflight = max(i for i, e in enumerate(entries) if "inflight" in e)
        entry = entries[last_inflight]
        state = entry["totals"]
        # What a client generates depends on its seed and on what it generated before,
        # never on outcomes: replaying the generator brings it back to the in-flight batch.
        generated = 0
        for _ in range(state["batches"]):
            generated += len(self.batch(min(batch_size, operations - generated)))
        requests = self.batch(min(batch_size, operations - generated))
        if generated != state["generated"] or _as_json(requests) != entry["inflight"]:
            raise BenchError(f"client {self.index}: the replay differs from the journal")
        was_done = last_inflight + 1 < len(entries) and "done" in entries[last_inflight + 1]
        counts = self.send(requests, now=self.now())
        keys = counts.pop("keys")
        with self.journal.open("a", encoding="utf-8") as journal:
            self.write(journal, {"resent": keys, "was_done": was_done, "counts": counts})
        totals = dict(state)
        for name, value in counts.items():
            totals[name] += value
        totals["batches"] += 1
        totals["generated"] += len(requests)
        log(f"client {self.index} resumed: in-flight batch of {len(requests)} resent")
        return totals


def _json_default(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(type(value))


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=_json_default))


def client_main(args: argparse.Namespace) -> int:
    django_setup(args.database_url)
    accounts = json.loads(Path(args.accounts_file).read_text())
    Client(
        index=args.client, accounts=accounts, clients=args.clients, journal=Path(args.journal)
    ).run(operations=args.operations, batch_size=args.batch, resume=args.resume)
    return 0


# --- the run ---------------------------------------------------------------------------------


def client_command(args: argparse.Namespace, index: int, work: Path, *, resume: bool) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "bench.exchange",
        "--client",
        str(index),
        "--clients",
        str(args.clients),
        "--operations",
        str(args.transfers // args.clients),
        "--batch",
        str(args.batch),
        "--database-url",
        args.database_url,
        "--accounts-file",
        str(work / "accounts.json"),
        "--journal",
        str(work / f"client{index}.jsonl"),
    ]
    return [*command, "--resume"] if resume else command


class Progress:
    """Batches the clients marked done, read from their journals as they grow.

    Only the bytes added since the last look are read: rereading whole journals five times
    a second took CPU from the clients on a two-core machine.
    """

    def __init__(self, work: Path, clients: int) -> None:
        self.paths = [work / f"client{index}.jsonl" for index in range(clients)]
        self.offsets = [0] * clients
        self.done = 0

    def __call__(self) -> int:
        for index, path in enumerate(self.paths):
            if not path.exists():
                continue
            with path.open("rb") as journal:
                journal.seek(self.offsets[index])
                added = journal.read()
            complete = added.rfind(b"\n") + 1  # a line being written is counted next time
            self.done += added[:complete].count(b'"done"')
            self.offsets[index] += complete
        return self.done


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("client*.jsonl"):
        old.unlink()
    log(f"recreating {urlsplit(args.database_url).path.lstrip('/')} and migrating")
    database_recreate(args.database_url)
    django_setup(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    accounts = accounts_create(args.accounts)
    (work / "accounts.json").write_text(json.dumps(accounts))
    from django.db import connections

    connections.close_all()
    log(f"{len(accounts)} accounts; starting {args.clients} clients")
    started = time.perf_counter()
    processes = {
        i: subprocess.Popen(client_command(args, i, work, resume=False))  # noqa: S603
        for i in range(args.clients)
    }
    batches_total = args.transfers // args.batch
    killed_at = None
    progress = Progress(work, args.clients)
    while killed_at is None and processes[0].poll() is None:
        time.sleep(0.2)
        if progress() >= batches_total * KILL_AT:
            processes[0].send_signal(signal.SIGKILL)
            processes[0].wait()
            killed_at = time.perf_counter() - started
            log(f"client 0 killed with SIGKILL after {killed_at:.1f} s; starting it again")
            processes[0] = subprocess.Popen(client_command(args, 0, work, resume=True))  # noqa: S603
    codes = {i: p.wait() for i, p in processes.items()}
    seconds = time.perf_counter() - started
    load = os.getloadavg()
    clients_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    if any(codes.values()):
        raise BenchError(f"a client failed: {codes}")
    return {
        **check(work, args.clients),
        "seconds": seconds,
        "killed_at": killed_at,
        # Other work on the machine slows the run down: say how busy it was.
        "load_average_1_5_15": [round(value, 2) for value in load],
        "cpu_seconds_clients": round(clients_cpu.ru_utime + clients_cpu.ru_stime, 1),
    }


def check(work: Path, clients: int) -> dict[str, Any]:
    """Verify the ledger and hold it against what the clients saw committed."""
    from django.db.models import Count

    from samenkracht.exchange.models import Transfer
    from samenkracht.exchange.selectors import ledger_verify

    totals = dict.fromkeys(TOTALS, 0)
    committed: set[str] = set()
    resends = 0
    for index in range(clients):
        for line in (work / f"client{index}.jsonl").read_text().splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # the line being written when the client was killed
            committed.update(entry.get("done", []))
            committed.update(entry.get("resent", []))
            resends += "resent" in entry
            if "finished" in entry:
                for name in totals:
                    totals[name] += entry["finished"][name]
    started = time.perf_counter()
    violations = ledger_verify()
    present = set(Transfer.objects.filter(key__in=committed).values_list("key", flat=True))
    missing = committed - present
    violations.extend(f"committed key {key} is missing" for key in sorted(missing)[:20])
    twice = Transfer.objects.values("key").annotate(n=Count("id")).filter(n__gt=1).count()
    if twice:
        violations.append(f"{twice} keys applied more than once")
    if resends != 1:
        violations.append(f"expected one resumed in-flight batch, found {resends}")
    return {
        **totals,
        # Without the starting balances issued before the clients ran.
        "transfers_in_database": Transfer.objects.exclude(key__startswith="start:").count(),
        "committed_keys_checked": len(committed),
        "verify_seconds": round(time.perf_counter() - started, 1),
        "violations": violations,
    }


def table(figures: dict[str, Any]) -> str:
    rate = figures["decided_per_second"]
    written = figures["written_per_second"]
    lines = [
        f"exchange stress run: {figures['transfers']:,} requests, {figures['clients']} clients "
        f"on {figures['database']}, batches of {figures['batch']}",
        f"  applied {figures['applied']:,} · duplicates {figures['duplicate']:,} · refused "
        f"{figures['refused']:,} · {figures['transfers_in_database']:,} transfers in the ledger",
        f"  client 0 killed after {figures['killed_at'] or 0:.1f} s and resumed; "
        f"{figures['committed_keys_checked']:,} committed keys checked",
        f"  {figures['seconds']:.1f} s; clients used {figures['cpu_seconds_clients']:.1f} CPU s; "
        "load average at the end "
        + " ".join(f"{value:.2f}" for value in figures["load_average_1_5_15"]),
        "",
        f"  {'':28}{'ours':>12}{'target':>12}{'met':>6}",
        f"  {'requests decided per second':28}{rate:>12,.0f}{TARGET_PER_SECOND:>12,.0f}"
        f"{'yes' if rate >= TARGET_PER_SECOND else 'no':>6}",
        f"  {'transfers written per second':28}{written:>12,.0f}{'':>12}{'':>6}",
        f"  {'violations':28}{len(figures['violations']):>12}{0:>12}"
        f"{'yes' if not figures['violations'] else 'no':>6}",
    ]
    lines.extend(f"  ! {violation}" for violation in figures["violations"][:20])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.exchange", description=__doc__)
    parser.add_argument("--transfers", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--work", default="var/bench-exchange", help="journals go here")
    # Internal: how the run starts its clients.
    parser.add_argument("--client", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--operations", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--accounts-file", help=argparse.SUPPRESS)
    parser.add_argument("--journal", help=argparse.SUPPRESS)
    parser.add_argument("--resume", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.client is not None:
        return client_main(args)
    try:
        result = run(args)
    except BenchError as error:
        log(f"bench.exchange: {error}")
        return 2
    seconds = result.pop("seconds")
    figures = {
        "benchmark": "exchange",
        "database": "postgresql",
        "transfers": args.transfers,
        "clients": args.clients,
        "batch": args.batch,
        "accounts": args.accounts,
        **result,
        "seconds": round(seconds, 1),
        "decided_per_second": round(result["decided"] / seconds, 1),
        "written_per_second": round(result["transfers_in_database"] / seconds, 1),
        "target_per_second": TARGET_PER_SECOND,
    }
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    ok = not figures["violations"] and figures["decided_per_second"] >= TARGET_PER_SECOND
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
