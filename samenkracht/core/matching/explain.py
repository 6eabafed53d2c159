"""Plain Dutch (B1) texts for the reasons behind a match."""

from collections.abc import Iterable, Sequence

from samenkracht.core.matching.model import DAYS, PARTS_OF_DAY, SLOT_COUNT

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


def distance_text(km: float) -> str:
    """Say a distance the way people do: "600 m", "1,2 km", "12 km"."""
    if km < 0.95:
        return f"{max(1, round(km * 10)) * 100} m"
    if km < 9.95:
        return f"{km:.1f} km".replace(".", ",")
    return f"{round(km)} km"


def slot_name(bit: int) -> str:
    day, part = divmod(bit, len(PARTS_OF_DAY))
    return DAYS[day] + PARTS_OF_DAY[part]


def together(items: Sequence[str]) -> str:
    """Join items the Dutch way: "a", "a en b", "a, b en c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def time_text(query_bits: int, candidate_bits: int) -> str:
    """Name the parts of the week both sides can, or say that one side is flexible."""
    if not query_bits or not candidate_bits:
        return "flexibel in tijd"
    shared = [bit for bit in range(SLOT_COUNT) if query_bits & candidate_bits & (1 << bit)]
    names = [slot_name(bit) for bit in shared[:MAX_SLOTS_NAMED]]
    if len(shared) > MAX_SLOTS_NAMED:
        others = len(shared) - MAX_SLOTS_NAMED
        names.append("1 ander moment" if others == 1 else f"{others} andere momenten")
    return "beiden op " + together(names)


def language_text(shared_codes: Iterable[str]) -> str:
    codes = sorted(shared_codes)
    others = [LANGUAGE_NAMES.get(code, code) for code in codes if code != "nl"]
    if not others:
        return "spreekt Nederlands"
    return "spreekt ook " + together(others)


def words_text(pairs: Sequence[tuple[str, str]]) -> str:
    """Show shared words: "'tuin'" when equal, "'fiets' ≈ 'fietsband'" when related."""
    shown = [
        f"'{asked}'" if asked == offered else f"'{asked}' ≈ '{offered}'"
        for asked, offered in pairs[:MAX_WORD_PAIRS]
    ]
    return ", ".join(shown)


def fresh_text(age_days: float) -> str | None:
    if age_days < 1:
        return "vandaag geplaatst"
    if age_days < 2:
        return "gisteren geplaatst"
    if age_days < 14:
        return f"{int(age_days)} dagen geleden geplaatst"
    return None


def track_record_text(success_rate: float) -> str | None:
    if success_rate < 0.6:
        return None
    return f"eerdere contacten gingen goed ({round(success_rate * 100)}%)"


RECIPROCITY_TEXT = "geeft en vraagt zelf ook"
SAME_CATEGORY_TEXT = "zelfde categorie"
RELATED_CATEGORY_TEXT = "verwante categorie"
