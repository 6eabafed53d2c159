"""How fast the municipality's overview of initiatives answers under load, against the issue.

    .venv/bin/python -m bench.initiatives [--reuse] [--residents 100000] [--initiatives 20000]
        [--cache-url redis://127.0.0.1:6379/15]
        [--clients 32] [--seconds 20] [--warmup 3] [--workers 4] [--threads 4]
        [--only NAME] [--path NAME=PATH] [--json PATH]
        [--database-url postgres://postgres@127.0.0.1:5432/samenkracht_bench_initiatives]

The database named in --database-url is dropped and made again: migrated, the Amersfoort
buurten imported, and the demo generators run in the order of `make demo` with
--residents residents and --initiatives initiatives (`generate_demo`,
`generate_demo_matching`, `generate_demo_budgeting`, `generate_demo_initiatives`). With
--reuse a database that already holds that many initiatives is only migrated.

gunicorn then serves `config.wsgi` with the production settings (`config.settings.production`,
DEBUG off, a generated DJANGO_SECRET_KEY, static files collected into var/static for
WhiteNoise's manifest) on 127.0.0.1 at a free port, with --workers gthread workers of
--threads threads each, the application imported once before they fork (--preload). The
processes share one cache, as in a real installation: CACHE_URL from --cache-url, by
default the local Redis when one answers on 127.0.0.1:6379 (sessions are then read from it
too), with a key prefix of its own per run. Requests carry `X-Forwarded-Proto: https`, as
from the TLS proxy in front of a real installation, so the production redirect to https
does not apply, and `Accept-Encoding: gzip`, as from a browser.

Each endpoint is first fetched once (it must answer 200; 404 means it is not built yet).
Then --clients concurrent clients on loopback, each on its own keep-alive HTTP/1.1
connection, send GET requests back to back for --warmup seconds (not counted), and again
for --seconds seconds (counted; the server's CPU seconds are read around this run only). The clients run in a separate process on asyncio; each
connection reads the socket into one reused buffer and only counts the body, so that the
load generator takes little of the two cores the server needs (its CPU seconds are
reported). Latency is from writing the request to reading the last byte of the response;
a request counts when it starts inside the measured window. Reported per endpoint: p50,
p95, p99 and max latency, successful requests per second, errors (any status other than
200, resets, timeouts), the size of one answer and the load average before it ran: the
machine may be shared, and a busy machine gives slower figures. --path NAME=PATH measures
other pages instead (for trying the harness on existing ones).

Endpoints: the overview list `/overzicht/initiatieven/` and a filtered variant
(`?domain=groen`) as the demo official `gemeente` (a session made directly in the
database, sent as a cookie), and the public map data `/api/v1/open/initiatives/map`.
Targets (issue 5): p95 ≤ 200 ms and ≥ 200 requests/s for each. For reference, Decidim took
7 s for a proposal index of 900 items and meinBerlin 6 s for 550 projects, before caching.
"""

import argparse
import asyncio
import gzip
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/samenkracht_bench_initiatives"
TARGET_P95_MS = 200.0
TARGET_RPS = 200.0
# (name, path, needs the official's session)
ENDPOINTS = (
    ("overview list", "/overzicht/initiatieven/", True),
    ("overview list, domain=groen", "/overzicht/initiatieven/?domain=groen", True),
    ("map data (open API)", "/api/v1/open/initiatives/map", False),
)
REFERENCES = {
    "decidim_ms": 7000.0,
    "decidim_items": 900,
    "meinberlin_ms": 6000.0,
    "meinberlin_items": 550,
}
REQUEST_TIMEOUT = 30.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.initiatives",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--reuse", action="store_true", help="keep a database already filled")
    parser.add_argument(
        "--cache-url",
        default=None,
        help="the server's CACHE_URL; default a local Redis if one answers, else each "
        "process's own memory ('locmemcache://')",
    )
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--initiatives", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured, per endpoint")
    parser.add_argument("--warmup", type=float, default=3.0, help="not measured, per endpoint")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--only", help="only endpoints whose name contains this")
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="measure this path instead of the built-in endpoints (as the official)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    endpoints = [(name, path, True) for name, path in (p.split("=", 1) for p in args.path)]
    endpoints = endpoints or [e for e in ENDPOINTS if not args.only or args.only in e[0]]
    try:
        figures = run(
            database_url=args.database_url,
            reuse=args.reuse,
            residents=args.residents,
            initiatives=args.initiatives,
            seed=args.seed,
            endpoints=endpoints,
            clients=args.clients,
            seconds=args.seconds,
            warmup=args.warmup,
            workers=args.workers,
            threads=args.threads,
            cache_url=args.cache_url if args.cache_url is not None else default_cache_url(),
        )
    except BenchError as error:
        print(f"bench.initiatives: {error}", file=sys.stderr)
        return 2
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if all(row["met"] for row in figures["endpoints"]) else 1


class BenchError(Exception):
    """The benchmark cannot run: say why, without a traceback."""


def run(
    *,
    database_url: str,
    reuse: bool,
    residents: int,
    initiatives: int,
    seed: int,
    endpoints: list[tuple[str, str, bool]],
    clients: int,
    seconds: float,
    warmup: float,
    workers: int,
    threads: int,
    cache_url: str,
) -> dict[str, Any]:
    secret_key = secrets.token_urlsafe(50)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CACHE_URL": cache_url,
        # Each run its own key prefix in a shared cache: no entries of an earlier run count.
        "DJANGO_RELEASE": f"bench-{secrets.token_hex(6)}",
    }
    generated = prepare_database(
        database_url, reuse=reuse, residents=residents, initiatives=initiatives, seed=seed
    )
    session_key, counts = official_session(database_url, secret_key)
    collect_static(environment)
    port = free_port()
    server_log = Path(tempfile.gettempdir()) / f"samenkracht-bench-gunicorn-{port}.log"
    log(
        f"starting gunicorn: {workers} workers x {threads} threads on 127.0.0.1:{port}, "
        f"log in {server_log}"
    )
    log_file = server_log.open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=gthread",
            f"--threads={threads}",
            "--keep-alive=75",
            "--backlog=2048",
            # Import the application once, before the workers fork, as a deployment would.
            "--preload",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(port, server)
        rows = []
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            for name, path, needs_session in endpoints:
                cookie = f"sessionid={session_key}" if needs_session else ""
                first = preflight(port, path, cookie)
                log(f"{name}: {path} answers 200, {first['bytes']:,} bytes; loading")
                # Warm-up in a run of its own, so that the server's CPU seconds below are
                # those of the measured window only (each worker's first requests load
                # templates, translations and connections).
                if warmup > 0:
                    pool.submit(
                        load_run,
                        port=port,
                        path=path,
                        cookie=cookie,
                        clients=clients,
                        warmup=0,
                        seconds=warmup,
                    ).result()
                load = load_average()
                cpu_before = tree_cpu_seconds(server.pid)
                result = pool.submit(
                    load_run,
                    port=port,
                    path=path,
                    cookie=cookie,
                    clients=clients,
                    warmup=0,
                    seconds=seconds,
                ).result()
                server_cpu = tree_cpu_seconds(server.pid) - cpu_before
                row = endpoint_figures(name, path, result, seconds=seconds)
                row["server_cpu_ms_per_request"] = (
                    server_cpu * 1000 / result["all_requests"] if result["all_requests"] else None
                )
                row.update(first=first, load_average_before=load)
                log(
                    f"  p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms, "
                    f"{row['requests_per_second']:.0f} req/s, {row['errors']} errors"
                )
                rows.append(row)
    except BenchError as error:
        raise BenchError(f"{error}\n(gunicorn's log: {server_log})") from error
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log_file.close()
    return {
        "benchmark": "initiatives overview under load",
        "database": redacted(database_url),
        "residents": residents,
        "initiatives": initiatives,
        "rows_in_database": counts,
        "generation_seconds": generated,
        "server": {"workers": workers, "threads": threads, "worker_class": "gthread"},
        "cache": redacted(cache_url),
        "clients": clients,
        "seconds": seconds,
        "warmup": warmup,
        "cpus": os.cpu_count(),
        "load_average_after": load_average(),
        "targets": {"p95_ms": TARGET_P95_MS, "requests_per_second": TARGET_RPS},
        "references": REFERENCES,
        "endpoints": rows,
    }


# --- the database -------------------------------------------------------------------------


def prepare_database(
    database_url: str, *, reuse: bool, residents: int, initiatives: int, seed: int
) -> dict[str, float]:
    """Fill the database like `make demo` at scale; returns seconds per generator."""
    import psycopg

    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise BenchError("the benchmark runs on PostgreSQL: give a postgres:// --database-url")
    database = parts.path.lstrip("/")
    if not database or database.startswith("test_") or database == "samenkracht":
        raise BenchError(f"refusing to drop and fill database {database!r}")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if reuse and exists and initiative_count(database_url) >= initiatives:
                log(f"reusing {redacted(database_url)}")
                filled = True
            else:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
                admin.execute(f'CREATE DATABASE "{database}"')
                filled = False
    except psycopg.OperationalError as error:
        raise BenchError(f"PostgreSQL does not answer at {redacted(admin_url)}: {error}") from error
    django_setup(database_url)
    import io

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if filled:
        return {}
    call_command("import_neighbourhoods", "--builtin", stdout=io.StringIO())
    steps: tuple[tuple[str, list[str]], ...] = (
        ("generate_demo", ["--residents", str(residents)]),
        ("generate_demo_matching", []),
        ("generate_demo_budgeting", []),
        ("generate_demo_initiatives", ["--initiatives", str(initiatives)]),
    )
    seconds = {}
    for command, arguments in steps:
        started = time.perf_counter()
        call_command(command, *arguments, "--seed", str(seed), stdout=io.StringIO())
        seconds[command] = round(time.perf_counter() - started, 1)
        log(f"{command}: {seconds[command]:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return seconds


def initiative_count(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as connection:
        try:
            row = connection.execute("SELECT count(*) FROM initiatives_initiative").fetchone()
        except psycopg.errors.UndefinedTable:
            return 0
    return int(row[0]) if row else 0


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def official_session(database_url: str, secret_key: str) -> tuple[str, dict[str, int]]:
    """A logged-in session of the demo official, signed with the server's secret key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from samenkracht.initiatives.models import Initiative, SupportRequest
    from samenkracht.people.models import User

    settings.SECRET_KEY = secret_key
    official = User.objects.filter(username="gemeente").first()
    if official is None:
        raise BenchError("the demo official 'gemeente' is missing; run without --reuse")
    session = SessionStore()
    session[SESSION_KEY] = str(official.pk)
    session[BACKEND_SESSION_KEY] = "samenkracht.people.backends.EmailOrUsernameBackend"
    session[HASH_SESSION_KEY] = official.get_session_auth_hash()
    session.create()
    counts = {
        "residents": User.objects.filter(role=User.Role.RESIDENT).count(),
        "initiatives": Initiative.objects.count(),
        "support_requests": SupportRequest.objects.count(),
    }
    connection.close()
    assert session.session_key is not None
    return session.session_key, counts


def collect_static(environment: dict[str, str]) -> None:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "collectstatic",
            "--no-input",
            "--verbosity=0",
        ],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        check=True,
    )
    log(f"collectstatic: {time.perf_counter() - started:.1f} s")


# --- the server ---------------------------------------------------------------------------


def default_cache_url() -> str:
    """A production installation shares one cache (sessions, pages): a local Redis if any."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as probe:
            probe.sendall(b"PING\r\n")
            if probe.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/15"
    except OSError:
        pass
    return "locmemcache://"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn stopped with exit code {server.returncode}")
        try:
            fetch(port, "/", "")
            return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def fetch(port: int, path: str, cookie: str) -> tuple[int, dict[str, str], bytes]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers=request_headers(cookie))
        response = connection.getresponse()
        body = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        if headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return response.status, headers, body
    finally:
        connection.close()


def request_headers(cookie: str) -> dict[str, str]:
    headers = {
        "X-Forwarded-Proto": "https",
        "Accept": "text/html,application/json;q=0.9",
        "Accept-Language": "nl",
        "Accept-Encoding": "gzip",
        "User-Agent": "samenkracht-bench",
    }
    if cookie:
        headers["Cookie"] = cookie
    return headers


def preflight(port: int, path: str, cookie: str) -> dict[str, Any]:
    """Fetch once: the endpoint must exist and answer the official (or anyone) with 200."""
    started = time.perf_counter()
    status, headers, body = fetch(port, path, cookie)
    milliseconds = (time.perf_counter() - started) * 1000
    if status == 404:
        raise BenchError(
            f"{path} answers 404 Not Found: the endpoint is not built yet "
            "(the overview and the open map API of issue 5)."
        )
    if status in (301, 302):
        raise BenchError(f"{path} redirects to {headers.get('location')}: session not accepted?")
    if status != 200:
        raise BenchError(f"{path} answers {status}: {body[:300]!r}")
    first: dict[str, Any] = {
        "ms": round(milliseconds, 1),
        "bytes": len(body),
        "content_encoding": headers.get("content-encoding", ""),
    }
    if headers.get("content-type", "").startswith("application/json"):
        first["items"] = json_items(json.loads(body))
    else:
        first["items"] = None
    return first


def json_items(data: Any) -> int | None:
    """How many things a JSON answer holds: GeoJSON features, items, or list entries."""
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        for key in ("features", "items", "results", "initiatives", "markers", "points"):
            if isinstance(data.get(key), list):
                return len(data[key])
    return None


# --- the load generator (runs in its own process) -------------------------------------------


def load_run(
    *, port: int, path: str, cookie: str, clients: int, warmup: float, seconds: float
) -> dict[str, Any]:
    """Drive `clients` keep-alive connections; latencies of requests started after warm-up."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF)
    result = asyncio.run(_load(port, path, cookie, clients, warmup, seconds))
    after = resource.getrusage(resource.RUSAGE_SELF)
    result["load_generator_cpu_seconds"] = round(
        (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2
    )
    return result


async def _load(
    port: int, path: str, cookie: str, clients: int, warmup: float, seconds: float
) -> dict[str, Any]:
    headers = "".join(f"{key}: {value}\r\n" for key, value in request_headers(cookie).items())
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}\r\n".encode("latin-1")
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    measured_from, until = start + warmup, start + warmup + seconds
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    failures: dict[str, int] = {}
    received = [0]
    completed = [0]

    async def client() -> None:
        connection: ResponseReader | None = None
        while (began := time.perf_counter()) < until:
            try:
                if connection is None or connection.is_closed:
                    _, connection = await loop.create_connection(ResponseReader, "127.0.0.1", port)
                status, size = await asyncio.wait_for(connection.send(request), REQUEST_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as error:
                if began >= measured_from:
                    kind = type(error).__name__
                    failures[kind] = failures.get(kind, 0) + 1
                if connection is not None:
                    connection.close()
                connection = None
                continue
            completed[0] += 1
            if began >= measured_from:
                latencies.append(time.perf_counter() - began)
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                received[0] += size
        if connection is not None:
            connection.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return {
        "latencies": latencies,
        "statuses": statuses,
        "failures": failures,
        "bytes": received[0],
        "all_requests": completed[0],
    }


class ResponseReader(asyncio.BufferedProtocol):
    """One keep-alive HTTP/1.1 connection that counts response bodies without keeping them.

    The socket reads straight into one reused buffer, so a response of megabytes costs the
    load generator a few calls, not a copy per 64 KiB as with asyncio's streams.
    """

    def __init__(self) -> None:
        self.buffer = memoryview(bytearray(1 << 18))
        self.transport: asyncio.Transport | None = None
        self.waiter: asyncio.Future[tuple[int, int]] | None = None
        self.is_closed = False
        self._start()

    def _start(self) -> None:
        self.head = bytearray()
        self.status = 0
        self.remaining = -1  # body bytes still to come; -1 while reading the head
        self.size = 0
        self.chunks: bytearray | None = None  # a chunked body, parsed as it comes
        self.closes = False

    def send(self, request: bytes) -> "asyncio.Future[tuple[int, int]]":
        assert self.transport is not None
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.waiter

    def close(self) -> None:
        self.is_closed = True
        if self.transport is not None:
            self.transport.close()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def get_buffer(self, sizehint: int) -> memoryview:
        return self.buffer

    def buffer_updated(self, nbytes: int) -> None:
        data = self.buffer[:nbytes]
        while data:
            if self.remaining < 0 and self.chunks is None:
                self.head += data
                end = self.head.find(b"\r\n\r\n")
                if end < 0:
                    return
                data = memoryview(bytes(self.head[end + 4 :]))
                self._head(bytes(self.head[:end]))
            elif self.chunks is not None:
                self.chunks += data
                data = memoryview(b"")
                self._chunks()
            else:
                taken = min(len(data), self.remaining)
                self.remaining -= taken
                self.size += taken
                data = data[taken:]
                if self.remaining == 0:
                    self._finish()

    def _head(self, head: bytes) -> None:
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip().lower()
        self.closes = headers.get("connection") == "close"
        if "content-length" in headers:
            self.remaining = int(headers["content-length"])
            if self.remaining == 0:
                self._finish()
        elif headers.get("transfer-encoding") == "chunked":
            self.chunks = bytearray()
        else:
            self.remaining = 1 << 62  # until the server closes
            self.closes = True

    def _chunks(self) -> None:
        assert self.chunks is not None
        while True:
            line_end = self.chunks.find(b"\r\n")
            if line_end < 0:
                return
            length = int(bytes(self.chunks[:line_end]).split(b";")[0], 16)
            if length == 0:
                if self.chunks.find(b"\r\n\r\n", line_end) < 0:
                    return
                self._finish()
                return
            if len(self.chunks) < line_end + 2 + length + 2:
                return
            del self.chunks[: line_end + 2 + length + 2]
            self.size += length

    def _finish(self) -> None:
        waiter, result, closes = self.waiter, (self.status, self.size), self.closes
        self._start()
        if closes:
            self.close()
        if waiter is not None and not waiter.done():
            waiter.set_result(result)

    def connection_lost(self, exc: Exception | None) -> None:
        self.is_closed = True
        if self.remaining > 1 << 61:
            self._finish()
        elif self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc or ConnectionResetError("closed by the server"))


# --- figures ------------------------------------------------------------------------------


def endpoint_figures(name: str, path: str, result: dict[str, Any], *, seconds: float) -> dict:
    import numpy as np

    latencies = np.array(result["latencies"]) * 1000
    ok = result["statuses"].get("200", 0)
    errors = sum(result["failures"].values()) + sum(
        count for status, count in result["statuses"].items() if status != "200"
    )

    def percentile(q: float) -> float:
        return float(np.percentile(latencies, q)) if latencies.size else float("nan")

    row = {
        "name": name,
        "path": path,
        "requests": int(latencies.size),
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
        "max_ms": float(latencies.max()) if latencies.size else float("nan"),
        "requests_per_second": ok / seconds,
        "errors": errors,
        "statuses": result["statuses"],
        "failures": result["failures"],
        "megabytes_per_second": result["bytes"] / seconds / 2**20,
        "load_generator_cpu_seconds": result["load_generator_cpu_seconds"],
    }
    row["met"] = bool(
        row["p95_ms"] <= TARGET_P95_MS and row["requests_per_second"] >= TARGET_RPS and not errors
    )
    return row


def table(figures: dict[str, Any]) -> str:
    titles = (
        "endpoint",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "req/s",
        "errors",
        "CPU ms/req",
        "target",
        "Decidim",
        "meinBerlin",
        "met",
    )
    target = f"p95 ≤ {TARGET_P95_MS:.0f} ms, ≥ {TARGET_RPS:.0f}/s"
    rows = [
        (
            row["name"],
            f"{row['p50_ms']:.1f}",
            f"{row['p95_ms']:.1f}",
            f"{row['p99_ms']:.1f}",
            f"{row['requests_per_second']:.0f}",
            str(row["errors"]),
            f"{row['server_cpu_ms_per_request']:.1f}"
            if row["server_cpu_ms_per_request"] is not None
            else "-",
            target,
            f"{REFERENCES['decidim_ms']:.0f} ms",
            f"{REFERENCES['meinberlin_ms']:.0f} ms",
            "yes" if row["met"] else "NO",
        )
        for row in figures["endpoints"]
    ]
    widths = [max(len(str(row[i])) for row in [titles, *rows]) for i in range(len(titles))]
    counts = figures["rows_in_database"]
    server = figures["server"]
    lines = [
        f"Initiatives overview: {counts['initiatives']:,} initiatives, "
        f"{counts['residents']:,} residents, {counts['support_requests']:,} support requests "
        f"on {figures['database']}",
        f"gunicorn {server['workers']} x {server['threads']} {server['worker_class']}, "
        f"{figures['clients']} clients, {figures['seconds']:.0f} s per endpoint after "
        f"{figures['warmup']:.0f} s warm-up, cache {figures['cache']}, "
        f"{figures['cpus']} CPUs, load average after "
        f"{figures['load_average_after']}",
        "",
        "  ".join(title.ljust(width) for title, width in zip(titles, widths, strict=True)),
    ]
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines += [
        "",
        f"Decidim: {REFERENCES['decidim_items']} proposals in one index; meinBerlin: "
        f"{REFERENCES['meinberlin_items']} projects; both before caching, one request at a time.",
        "CPU ms/req: CPU time of gunicorn's processes per answered request (the database's "
        "not counted); 2 cores serve at most 2000 / that many requests per second.",
    ]
    for row in figures["endpoints"]:
        items = row["first"].get("items")
        lines.append(
            f"{row['name']}: {row['first']['bytes']:,} bytes"
            + (f", {items:,} items" if items is not None else "")
            + f"; first request {row['first']['ms']:.0f} ms; load generator used "
            f"{row['load_generator_cpu_seconds']:.1f} CPU s; load average before "
            f"{row['load_average_before']}"
            + (f"; failures {row['failures']}" if row["failures"] else "")
        )
    return "\n".join(lines)


# --- small things -------------------------------------------------------------------------


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a process and its children (gunicorn's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        # After the name: state, ppid, ..., utime and stime are the 12th and 13th.
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
