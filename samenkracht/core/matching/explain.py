"""Plain Dutch (B1) texts for the reasons behind a match, and the parameters behind them.

Each `*_explained` function returns the Dutch text together with its parameters, so that
the app can say the same in the reader's language (`samenkracht.matching.reasons`). Per
reason code:

    category      same: bool
    distance      meters: int, rounded as shown ("600 m" 600, "1,2 km" 1200, "12 km" 12000)
    time          flexible: bool, slots: shared availability bits (at most 3), more: int
    words         pairs: ((asked, offered), ...)
    language      codes: the shared language codes, sorted
    reciprocity   none
    fresh         days: int (0 today, 1 yesterday)
    track_record  percent: int
"""

from collections.abc import Iterable, Sequence

from samenkracht.core.matching.model import DAYS, PARTS_OF_DAY, SLOT_COUNT, Params

Explained = tuple[str, Params]

MAX_SLOTS_NAMED = 3
MAX_WORD_PAIRS = 3

LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "Engels",
    "de": "Duits",
    "fr": "Frans",
    "es": "Spaans",
    "it": "Italiaans",
    "pt": "Portugees",
    "pl": "Pools",
    "ro": "Roemeens",
    "bg": "Bulgaars",
    "uk": "Oekraïens",
    "ru": "Russisch",
    "tr": "Turks",
    "ar": "Arabisch",
    "ber": "Tamazight",
    "zgh": "Tamazight",
    "so": "Somalisch",
    "ti": "Tigrinya",
    "am": "Amhaars",
    "fa": "Perzisch",
    "prs": "Dari",
    "ps": "Pasjtoe",
    "ku": "Koerdisch",
    "ur": "Urdu",
    "hi": "Hindi",
    "zh": "Chinees",
    "vi": "Vietnamees",
    "pap": "Papiaments",
    "srn": "Sranantongo",
    "fy": "Fries",
}


def distance_meters(km: float) -> int:
    """Round a distance the way people say it: "600 m", "1,2 km", "12 km"."""
    if km < 0.95:
        return max(1, round(km * 10)) * 100
    if km < 9.95:
        # round(km, 1) rounds exactly as the one-decimal text would.
        return round(round(km, 1) * 10) * 100
    return round(km) * 1000


def distance_units(meters: int) -> tuple[float, int, str]:
    """Return how to show a rounded distance: the number, its decimals (0 or 1), the unit."""
    if meters < 1000:
        return meters, 0, "m"
    if meters < 10_000:
        return meters / 1000, 1, "km"
    return meters // 1000, 0, "km"


def distance_label(meters: int) -> str:
    number, decimals, unit = distance_units(meters)
    shown = f"{number:.1f}".replace(".", ",") if decimals else str(number)
    return f"{shown} {unit}"


def distance_explained(km: float) -> Explained:
    meters = distance_meters(km)
    return distance_label(meters), (("meters", meters),)


def distance_text(km: float) -> str:
    """Say a distance the way people do: "600 m", "1,2 km", "12 km"."""
    return distance_label(distance_meters(km))


def slot_name(bit: int) -> str:
    day, part = divmod(bit, len(PARTS_OF_DAY))
    return DAYS[day] + PARTS_OF_DAY[part]


def together(items: Sequence[str]) -> str:
    """Join items the Dutch way: "a", "a en b", "a, b en c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


FLEXIBLE_TIME_TEXT = "flexibel in tijd"
FLEXIBLE_TIME: Explained = (
    FLEXIBLE_TIME_TEXT,
    (("flexible", True), ("slots", ()), ("more", 0)),
)


def time_label(slots: Sequence[int], more: int) -> str:
    names = [slot_name(bit) for bit in slots]
    if more:
        names.append("1 ander moment" if more == 1 else f"{more} andere momenten")
    return "beiden op " + together(names)


def time_explained(query_bits: int, candidate_bits: int) -> Explained:
    """Name the parts of the week both sides can, or say that one side is flexible."""
    if not query_bits or not candidate_bits:
        return FLEXIBLE_TIME
    common = query_bits & candidate_bits
    shared = [bit for bit in range(SLOT_COUNT) if common & (1 << bit)]
    slots = tuple(shared[:MAX_SLOTS_NAMED])
    more = max(0, len(shared) - MAX_SLOTS_NAMED)
    return time_label(slots, more), (("flexible", False), ("slots", slots), ("more", more))


def time_text(query_bits: int, candidate_bits: int) -> str:
    return time_explained(query_bits, candidate_bits)[0]


def language_label(codes: Sequence[str]) -> str:
    others = [LANGUAGE_NAMES.get(code, code) for code in codes if code != "nl"]
    if not others:
        return "spreekt Nederlands"
    return "spreekt ook " + together(others)


def language_explained(shared_codes: Iterable[str]) -> Explained:
    codes = tuple(sorted(shared_codes))
    return language_label(codes), (("codes", codes),)


def language_text(shared_codes: Iterable[str]) -> str:
    return language_explained(shared_codes)[0]


def words_label(pairs: Sequence[tuple[str, str]]) -> str:
    """Show shared words: "'tuin'" when equal, "'fiets' ≈ 'fietsband'" when related."""
    return ", ".join(
        f"'{asked}'" if asked == offered else f"'{asked}' ≈ '{offered}'" for asked, offered in pairs
    )


def words_explained(pairs: Sequence[tuple[str, str]]) -> Explained | None:
    shown = tuple(pairs[:MAX_WORD_PAIRS])
    if not shown:
        return None
    return words_label(shown), (("pairs", shown),)


def words_text(pairs: Sequence[tuple[str, str]]) -> str:
    explained = words_explained(pairs)
    return explained[0] if explained else ""


FRESH_DAYS = 14


def fresh_label(days: int) -> str:
    if days == 0:
        return "vandaag geplaatst"
    if days == 1:
        return "gisteren geplaatst"
    return f"{days} dagen geleden geplaatst"


def fresh_explained(age_days: float) -> Explained | None:
    if age_days >= FRESH_DAYS:
        return None
    days = 0 if age_days < 1 else int(age_days)
    return fresh_label(days), (("days", days),)


def fresh_text(age_days: float) -> str | None:
    explained = fresh_explained(age_days)
    return explained[0] if explained else None


TRACK_RECORD_MIN_RATE = 0.6


def track_record_label(percent: int) -> str:
    return f"eerdere contacten gingen goed ({percent}%)"


def track_record_explained(success_rate: float) -> Explained | None:
    if success_rate < TRACK_RECORD_MIN_RATE:
        return None
    percent = round(success_rate * 100)
    return track_record_label(percent), (("percent", percent),)


def track_record_text(success_rate: float) -> str | None:
    explained = track_record_explained(success_rate)
    return explained[0] if explained else None


RECIPROCITY_TEXT = "geeft en vraagt zelf ook"
RECIPROCITY: Explained = (RECIPROCITY_TEXT, ())
SAME_CATEGORY_TEXT = "zelfde categorie"
RELATED_CATEGORY_TEXT = "verwante categorie"
SAME_CATEGORY: Explained = (SAME_CATEGORY_TEXT, (("same", True),))
RELATED_CATEGORY: Explained = (RELATED_CATEGORY_TEXT, (("same", False),))
