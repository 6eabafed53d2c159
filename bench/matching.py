"""How fast the matching core finds the top-20 offers for an ask, against PostgreSQL.

    .venv/bin/python -m bench.matching [--offers 1000000] [--asks 200000] [--queries 1000]
        [--recall-queries 200] [--json PATH] [--skip-postgres]
        [--database-url postgres://postgres@127.0.0.1:5432/bench_matching]

A seeded synthetic city around Amersfoort (Dutch text from the taxonomy, with compounds
and typos) is indexed by `samenkracht.core.matching.MatchIndex`; the same asks are run
against it, against its exhaustive scoring (recall@20) and against PostgreSQL full-text
search (Dutch configuration, GIN index, category and distance filters). The database
named in --database-url is created, filled and dropped again.
"""

import argparse
import gc
import io
import json
import math
import random
import resource
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from samenkracht.core.matching import ASK, OFFER, Listing, MatchIndex
from samenkracht.core.matching.taxonomy import default_vocabulary, taxonomy_entries

CENTRE = (52.156, 5.387)
CITY_RADIUS_KM = 10.0
NOW = 1_800_000_000.0
DAY = 86_400.0
K = 20
TARGETS = {
    "p50_ms": 10.0,
    "p99_ms": 50.0,
    "speedup_p50": 5.0,
    "recall_at_20": 0.95,
    "build_seconds": 60.0,
    "index_rss_mb": 2048.0,
    "add_ms_max": 5.0,
    "remove_ms_max": 5.0,
}
FILLER = [
    "hulp",
    "buurt",
    "samen",
    "week",
    "weekend",
    "avond",
    "ochtend",
    "middag",
    "soms",
    "vaak",
    "even",
    "snel",
    "klein",
    "gratis",
    "buren",
    "mensen",
    "tijd",
    "keer",
    "regelmatig",
    "eenmalig",
    "handig",
    "fijn",
    "leuk",
    "nodig",
]
LANGUAGES = ("en", "tr", "ar", "pl", "ber", "so", "ti", "uk", "de", "es")
OFFER_TITLES = (
    "{0} aangeboden",
    "Ik help met {0}",
    "Hulp bij {0}",
    "{0} en {1}",
    "Ervaring met {0}",
)
ASK_TITLES = (
    "Wie kan helpen met {0}?",
    "Gezocht: hulp bij {0}",
    "Ik zoek iemand voor {0}",
    "{0} nodig",
    "Hulp gevraagd: {0} en {1}",
)
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__)
    parser.add_argument("--offers", type=int, default=1_000_000)
    parser.add_argument("--asks", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--recall-queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/bench_matching"
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    figures = run(
        offers=args.offers,
        asks=args.asks,
        queries=args.queries,
        recall_queries=args.recall_queries,
        seed=args.seed,
        database_url=None if args.skip_postgres else args.database_url,
    )
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if all(figures["passed"].values()) else 1


def run(
    *,
    offers: int,
    asks: int,
    queries: int,
    recall_queries: int,
    seed: int,
    database_url: str | None,
) -> dict[str, Any]:
    started = time.perf_counter()
    listings = generate_city(offers=offers, asks=asks, seed=seed)
    log(f"generated {len(listings):,} listings in {time.perf_counter() - started:.1f} s")
    rss_before = rss_mb()
    started = time.perf_counter()
    index = MatchIndex(vocabulary=default_vocabulary())
    index.add_many(listings)
    build_seconds = time.perf_counter() - started
    # A long-lived server would do the same after loading: the million listings above
    # stay alive, and full garbage collections walking them would stall single adds.
    gc.collect()
    gc.freeze()
    index_rss = rss_mb() - rss_before
    log(f"built the index in {build_seconds:.1f} s, +{index_rss:.0f} MB")
    chooser = random.Random(seed + 1)  # noqa: S311 - seeded, reproducible data
    ask_listings = [listing for listing in listings if listing.kind == ASK]
    query_listings = chooser.sample(ask_listings, min(queries, len(ask_listings)))

    ours = [timed(partial(index.search, query, k=K, now=NOW)) for query in query_listings]
    our_latencies = [seconds for seconds, _ in ours]
    log(f"ran {len(ours)} queries: p50 {percentile(our_latencies, 50) * 1000:.2f} ms")

    recall_sample = query_listings[:recall_queries]
    exhaustive = [
        timed(partial(index.search_exhaustive, query, k=K, now=NOW)) for query in recall_sample
    ]
    recall = mean_recall(
        [[match.listing_id for match in found] for _, found in ours[: len(recall_sample)]],
        [[match.listing_id for match in truth] for _, truth in exhaustive],
    )
    log(f"recall@{K} {recall:.4f} over {len(recall_sample)} queries")

    adds, removes = add_remove_timings(index, listings, seed=seed, count=1000)
    figures: dict[str, Any] = {
        "offers": offers,
        "asks": asks,
        "queries": len(query_listings),
        "recall_queries": len(recall_sample),
        "build_seconds": build_seconds,
        "index_rss_mb": index_rss,
        "process_peak_rss_mb": peak_rss_mb(),
        "ours_ms": latency_figures(our_latencies),
        "exhaustive_ms": latency_figures([seconds for seconds, _ in exhaustive]),
        "recall_at_20": recall,
        "add_ms": latency_figures(adds),
        "remove_ms": latency_figures(removes),
        "example": example(ours[0][1]) if ours else [],
        "postgres_ms": None,
        "postgres_load_seconds": None,
    }
    if database_url:
        load_seconds, postgres = postgres_figures(database_url, listings, query_listings)
        figures["postgres_ms"] = latency_figures(postgres)
        figures["postgres_load_seconds"] = load_seconds
    figures["passed"] = verdicts(figures)
    return figures


# The synthetic city


def generate_city(*, offers: int, asks: int, seed: int) -> list[Listing]:
    """Make offers and asks: Dutch text from the taxonomy, points around Amersfoort."""
    rng = np.random.default_rng(seed)
    text_random = random.Random(seed)  # noqa: S311 - seeded, reproducible data
    leaves = [entry for entry in taxonomy_entries() if entry.parent_id is not None]
    tops = {entry.id: entry for entry in taxonomy_entries() if entry.parent_id is None}
    leaf_words = [
        list(entry.words) + [word for words in entry.synonyms.values() for word in words]
        for entry in leaves
    ]
    total = offers + asks
    # Some categories are far more popular than others, as on every exchange platform.
    popularity = 1.0 / rng.permutation(np.arange(1, len(leaves) + 1)) ** 0.8
    leaf_of = rng.choice(len(leaves), size=total, p=popularity / popularity.sum())
    distance = CITY_RADIUS_KM * np.sqrt(rng.random(total))
    bearing = rng.random(total) * 2 * math.pi
    lats = CENTRE[0] + distance * np.cos(bearing) / 111.195
    lons = CENTRE[1] + distance * np.sin(bearing) / (111.195 * math.cos(math.radians(CENTRE[0])))
    radii = rng.choice(
        [1.0, 2.0, 3.0, 5.0, 7.5, 10.0], size=total, p=[0.15, 0.2, 0.2, 0.2, 0.1, 0.15]
    )
    flexible = rng.random(total) < 0.3
    slots = (rng.random((total, 21)) < 0.25) @ (1 << np.arange(21, dtype=np.int64))
    availability = np.where(flexible, 0, slots)
    owners = rng.integers(1, max(2, total // 2), size=total)
    reciprocal = rng.random(total) < 0.3
    ages = rng.exponential(20 * DAY, size=total)
    known_outcome = rng.random(total) < 0.4
    success = np.where(known_outcome, rng.beta(4, 2, size=total), 0.5)
    language_draw = rng.random(total)
    other_language = rng.integers(0, len(LANGUAGES), size=total)
    dutch = frozenset({"nl"})
    language_sets = [frozenset({"nl", code}) for code in LANGUAGES]
    only_other = [frozenset({code}) for code in LANGUAGES]
    listings = []
    for position in range(total):
        leaf = leaves[int(leaf_of[position])]
        kind = OFFER if position < offers else ASK
        draw = language_draw[position]
        if draw < 0.75:
            languages = dutch
        elif draw < 0.95:
            languages = language_sets[int(other_language[position])]
        else:
            languages = only_other[int(other_language[position])]
        assert leaf.parent_id is not None
        title, description = listing_text(
            text_random, kind, leaf_words[int(leaf_of[position])], tops[leaf.parent_id].words
        )
        listings.append(
            Listing(
                id=position + 1,
                kind=kind,
                title=title,
                description=description,
                category_id=leaf.id,
                parent_category_id=leaf.parent_id,
                lat=float(lats[position]),
                lon=float(lons[position]),
                radius_km=float(radii[position]),
                availability=int(availability[position]),
                languages=languages,
                owner_id=int(owners[position]),
                is_reciprocal=bool(reciprocal[position]),
                created_at=NOW - float(ages[position]),
                success_rate=float(success[position]),
            )
        )
    return listings


def listing_text(
    text_random: random.Random, kind: str, words: Sequence[str], top_words: Sequence[str]
) -> tuple[str, str]:
    pick = text_random.choice
    main, second = pick(words), pick(words)
    template = pick(OFFER_TITLES if kind == OFFER else ASK_TITLES)
    title = template.format(main, second)
    description_words = []
    for _ in range(text_random.randint(5, 14)):
        roll = text_random.random()
        source = words if roll < 0.6 else top_words if roll < 0.75 else FILLER
        word = pick(source)
        if text_random.random() < 0.04:
            word = typo(text_random, word)
        description_words.append(word)
    description = " ".join(description_words).capitalize() + "."
    return title[0].upper() + title[1:], description


def typo(text_random: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    position = text_random.randrange(1, len(word) - 1)
    action = text_random.randrange(3)
    if action == 0:
        return word[:position] + word[position + 1 :]
    if action == 1:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + text_random.choice(LETTERS) + word[position + 1 :]


# Measuring


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def add_remove_timings(
    index: MatchIndex, listings: list[Listing], *, seed: int, count: int
) -> tuple[list[float], list[float]]:
    chooser = random.Random(seed + 2)  # noqa: S311 - seeded, reproducible data
    next_id = max(listing.id for listing in listings) + 1
    new_offers = []
    for offset in range(count):
        template = chooser.choice(listings)
        new_offers.append(
            Listing(
                id=next_id + offset,
                kind=OFFER,
                title=template.title,
                description=template.description,
                category_id=template.category_id,
                parent_category_id=template.parent_category_id,
                lat=template.lat,
                lon=template.lon,
                radius_km=template.radius_km,
                availability=template.availability,
                languages=template.languages,
                owner_id=template.owner_id,
                is_reciprocal=template.is_reciprocal,
                created_at=NOW,
            )
        )
    adds = [timed(partial(index.add, listing))[0] for listing in new_offers]
    removes = [timed(partial(index.remove, listing.id))[0] for listing in new_offers]
    return adds, removes


def mean_recall(found: list[list[int]], truth: list[list[int]]) -> float:
    recalls = [
        len(set(ours) & set(expected)) / len(expected) if expected else 1.0
        for ours, expected in zip(found, truth, strict=True)
    ]
    return sum(recalls) / len(recalls) if recalls else 1.0


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.array(values), q)) if values else float("nan")


def latency_figures(seconds: Sequence[float]) -> dict[str, float]:
    return {
        "p50": percentile(seconds, 50) * 1000,
        "p95": percentile(seconds, 95) * 1000,
        "p99": percentile(seconds, 99) * 1000,
        "max": max(seconds) * 1000 if seconds else float("nan"),
    }


def rss_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return peak_rss_mb()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def example(matches: list[Any]) -> list[str]:
    return [
        f"{match.listing_id} {match.score:.3f}: " + " · ".join(r.text for r in match.reasons)
        for match in matches[:3]
    ]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# PostgreSQL


def postgres_figures(
    database_url: str, listings: list[Listing], queries: list[Listing]
) -> tuple[float, list[float]]:
    """Load the offers into a fresh database and time the same queries; drop it after."""
    import psycopg

    parts = urlsplit(database_url)
    database = parts.path.lstrip("/")
    if not database or database.startswith("test_") or database == "samenkracht":
        raise SystemExit(f"refusing to use database {database!r}")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        with psycopg.connect(database_url, autocommit=True) as connection:
            started = time.perf_counter()
            postgres_load(connection, listings)
            load_seconds = time.perf_counter() - started
            log(f"loaded PostgreSQL in {load_seconds:.1f} s")
            latencies = [timed(partial(postgres_search, connection, query))[0] for query in queries]
            log(f"PostgreSQL p50 {percentile(latencies, 50) * 1000:.2f} ms")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
    return load_seconds, latencies


def postgres_load(connection: Any, listings: list[Listing]) -> None:
    connection.execute(
        """
        CREATE TABLE offer (
            id bigint PRIMARY KEY,
            category_id integer NOT NULL,
            top_category_id integer NOT NULL,
            lat double precision NOT NULL,
            lon double precision NOT NULL,
            radius_km double precision NOT NULL,
            owner_id bigint NOT NULL,
            title text NOT NULL,
            description text NOT NULL,
            document tsvector GENERATED ALWAYS AS
                (to_tsvector('dutch', title || ' ' || description)) STORED
        )
        """
    )
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY offer (id, category_id, top_category_id, lat, lon, radius_km, owner_id, title,"
            " description) FROM STDIN"
        ) as copy,
    ):
        for chunk in copy_chunks(listings):
            copy.write(chunk)
    connection.execute("CREATE INDEX offer_document ON offer USING gin (document)")
    connection.execute("CREATE INDEX offer_place ON offer (top_category_id, lat, lon)")
    connection.execute("ANALYZE offer")


def copy_chunks(listings: list[Listing]) -> Iterator[str]:
    buffer = io.StringIO()
    for count, listing in enumerate(listings, start=1):
        if listing.kind != OFFER:
            continue
        buffer.write(
            f"{listing.id}\t{listing.category_id}\t{listing.top_category_id}\t{listing.lat!r}\t"
            f"{listing.lon!r}\t{listing.radius_km!r}\t{listing.owner_id}\t"
            f"{copy_escape(listing.title)}\t{copy_escape(listing.description)}\n"
        )
        if count % 50_000 == 0:
            yield buffer.getvalue()
            buffer = io.StringIO()
    yield buffer.getvalue()


def copy_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


POSTGRES_QUERY = """
SELECT id, ts_rank(document, query) AS rank
FROM offer, to_tsquery('dutch', %(terms)s) AS query
WHERE document @@ query
  AND top_category_id = %(top)s
  AND owner_id <> %(owner)s
  AND lat BETWEEN %(south)s AND %(north)s
  AND lon BETWEEN %(west)s AND %(east)s
  AND 2 * 6371.0088 * asin(sqrt(
        sin(radians(lat - %(lat)s) / 2) ^ 2
        + cos(radians(%(lat)s)) * cos(radians(lat)) * sin(radians(lon - %(lon)s) / 2) ^ 2
      )) <= least(radius_km, %(radius)s)
ORDER BY rank DESC
LIMIT 20
"""


def postgres_search(connection: Any, query: Listing) -> list[Any]:
    words = sorted(
        {
            word
            for word in "".join(
                char if char.isalnum() else " "
                for char in (query.title + " " + query.description).lower()
            ).split()
            if len(word) > 1
        }
    )
    lat_margin = query.radius_km / 111.195
    lon_margin = query.radius_km / (111.195 * math.cos(math.radians(query.lat)))
    parameters = {
        "terms": " | ".join(words) or "niets",
        "top": query.top_category_id,
        "owner": query.owner_id,
        "south": query.lat - lat_margin,
        "north": query.lat + lat_margin,
        "west": query.lon - lon_margin,
        "east": query.lon + lon_margin,
        "lat": query.lat,
        "lon": query.lon,
        "radius": query.radius_km,
    }
    rows: list[Any] = connection.execute(POSTGRES_QUERY, parameters, prepare=True).fetchall()
    return rows


# Reporting


def verdicts(figures: dict[str, Any]) -> dict[str, bool]:
    ours = figures["ours_ms"]
    postgres = figures["postgres_ms"]
    passed = {
        "p50_ms": ours["p50"] <= TARGETS["p50_ms"],
        "p99_ms": ours["p99"] <= TARGETS["p99_ms"],
        "recall_at_20": figures["recall_at_20"] >= TARGETS["recall_at_20"],
        "build_seconds": figures["build_seconds"] <= TARGETS["build_seconds"],
        "index_rss_mb": figures["index_rss_mb"] <= TARGETS["index_rss_mb"],
        "add_ms_max": figures["add_ms"]["max"] <= TARGETS["add_ms_max"],
        "remove_ms_max": figures["remove_ms"]["max"] <= TARGETS["remove_ms_max"],
    }
    if postgres is not None:
        passed["speedup_p50"] = postgres["p50"] / ours["p50"] >= TARGETS["speedup_p50"]
    return passed


def table(figures: dict[str, Any]) -> str:
    ours, postgres = figures["ours_ms"], figures["postgres_ms"]
    passed = figures["passed"]

    def mark(key: str) -> str:
        return "ok" if passed.get(key, True) else "MISSED"

    def pg(name: str) -> str:
        return f"{postgres[name]:.2f}" if postgres else "-"

    speedup = f"{postgres['p50'] / ours['p50']:.1f}x" if postgres else "-"
    rows = [
        ("top-20 p50 (ms)", f"{ours['p50']:.2f}", pg("p50"), "≤ 10", mark("p50_ms")),
        ("top-20 p95 (ms)", f"{ours['p95']:.2f}", pg("p95"), "", ""),
        ("top-20 p99 (ms)", f"{ours['p99']:.2f}", pg("p99"), "≤ 50", mark("p99_ms")),
        ("speed-up at p50", speedup, "1x", "≥ 5x", mark("speedup_p50")),
        (
            f"recall@20 ({figures['recall_queries']} queries)",
            f"{figures['recall_at_20']:.4f}",
            "-",
            "≥ 0.95",
            mark("recall_at_20"),
        ),
        ("exhaustive p50 (ms)", f"{figures['exhaustive_ms']['p50']:.1f}", "-", "", ""),
        (
            "build (s)",
            f"{figures['build_seconds']:.1f}",
            f"{figures['postgres_load_seconds']:.1f}" if postgres else "-",
            "≤ 60",
            mark("build_seconds"),
        ),
        (
            "index memory (MB RSS)",
            f"{figures['index_rss_mb']:.0f}",
            "-",
            "≤ 2048",
            mark("index_rss_mb"),
        ),
        ("process peak RSS (MB)", f"{figures['process_peak_rss_mb']:.0f}", "-", "", ""),
        ("add one offer p50/max (ms)", _pair(figures["add_ms"]), "-", "≤ 5", mark("add_ms_max")),
        (
            "remove one offer p50/max (ms)",
            _pair(figures["remove_ms"]),
            "-",
            "≤ 5",
            mark("remove_ms_max"),
        ),
    ]
    header = (
        f"Matching: {figures['offers']:,} offers, {figures['asks']:,} asks, "
        f"{figures['queries']} queries (asks -> offers, top-{K})"
    )
    widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
    titles = ("", "ours", "PostgreSQL FTS", "target", "")
    widths = [max(width, len(title)) for width, title in zip(widths, titles, strict=True)]
    lines = [
        header,
        "  ".join(title.ljust(width) for title, width in zip(titles, widths, strict=True)),
    ]
    lines += [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines += ["example: " + line for line in figures["example"]]
    return "\n".join(lines)


def _pair(latency: dict[str, float]) -> str:
    return f"{latency['p50']:.3f} / {latency['max']:.2f}"


if __name__ == "__main__":
    sys.exit(main())
