"""The reasons behind a match, in the reader's language.

The matching core words each reason in Dutch and keeps the parameters it was made from
(`samenkracht.core.matching.explain`). This module says the same from a reason's code and
parameters with gettext: the Dutch source strings give exactly the core's text, so Dutch
readers see no difference and the English catalogue can translate every part.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext

from samenkracht.core.matching import Reason, explain

# Indexed by availability bit: day * 3 + part of day, Monday morning first.
SLOT_NAMES = (
    gettext_noop("maandagochtend"),
    gettext_noop("maandagmiddag"),
    gettext_noop("maandagavond"),
    gettext_noop("dinsdagochtend"),
    gettext_noop("dinsdagmiddag"),
    gettext_noop("dinsdagavond"),
    gettext_noop("woensdagochtend"),
    gettext_noop("woensdagmiddag"),
    gettext_noop("woensdagavond"),
    gettext_noop("donderdagochtend"),
    gettext_noop("donderdagmiddag"),
    gettext_noop("donderdagavond"),
    gettext_noop("vrijdagochtend"),
    gettext_noop("vrijdagmiddag"),
    gettext_noop("vrijdagavond"),
    gettext_noop("zaterdagochtend"),
    gettext_noop("zaterdagmiddag"),
    gettext_noop("zaterdagavond"),
    gettext_noop("zondagochtend"),
    gettext_noop("zondagmiddag"),
    gettext_noop("zondagavond"),
)

# The same names as the core's `explain.LANGUAGE_NAMES`, marked for translation.
LANGUAGE_NAMES = {
    "nl": gettext_noop("Nederlands"),
    "en": gettext_noop("Engels"),
    "de": gettext_noop("Duits"),
    "fr": gettext_noop("Frans"),
    "es": gettext_noop("Spaans"),
    "it": gettext_noop("Italiaans"),
    "pt": gettext_noop("Portugees"),
    "pl": gettext_noop("Pools"),
    "ro": gettext_noop("Roemeens"),
    "bg": gettext_noop("Bulgaars"),
    "uk": gettext_noop("Oekraïens"),
    "ru": gettext_noop("Russisch"),
    "tr": gettext_noop("Turks"),
    "ar": gettext_noop("Arabisch"),
    "ber": gettext_noop("Tamazight"),
    "zgh": gettext_noop("Tamazight"),
    "so": gettext_noop("Somalisch"),
    "ti": gettext_noop("Tigrinya"),
    "am": gettext_noop("Amhaars"),
    "fa": gettext_noop("Perzisch"),
    "prs": gettext_noop("Dari"),
    "ps": gettext_noop("Pasjtoe"),
    "ku": gettext_noop("Koerdisch"),
    "ur": gettext_noop("Urdu"),
    "hi": gettext_noop("Hindi"),
    "zh": gettext_noop("Chinees"),
    "vi": gettext_noop("Vietnamees"),
    "pap": gettext_noop("Papiaments"),
    "srn": gettext_noop("Sranantongo"),
    "fy": gettext_noop("Fries"),
}


def _together(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return pgettext("the last two items of a list", "%(others)s en %(last)s") % {
        "others": ", ".join(items[:-1]),
        "last": items[-1],
    }


def _category(params: Mapping[str, Any]) -> str:
    return gettext("zelfde categorie") if params["same"] else gettext("verwante categorie")


def _distance(params: Mapping[str, Any]) -> str:
    number, decimals, unit = explain.distance_units(int(params["meters"]))
    shown = number_format(number, decimal_pos=decimals)
    if unit == "m":
        return gettext("%(number)s m") % {"number": shown}
    return gettext("%(number)s km") % {"number": shown}


def _time(params: Mapping[str, Any]) -> str:
    if params["flexible"]:
        return gettext("flexibel in tijd")
    names = [gettext(SLOT_NAMES[bit]) for bit in params["slots"]]
    more = int(params["more"])
    if more:
        names.append(
            ngettext("%(count)s ander moment", "%(count)s andere momenten", more) % {"count": more}
        )
    return gettext("beiden op %(moments)s") % {"moments": _together(names)}


def _words(params: Mapping[str, Any]) -> str:
    return ", ".join(
        gettext("'%(word)s'") % {"word": asked}
        if asked == offered
        else gettext("'%(asked)s' ≈ '%(offered)s'") % {"asked": asked, "offered": offered}
        for asked, offered in params["pairs"]
    )


def _language(params: Mapping[str, Any]) -> str:
    others = [
        gettext(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code
        for code in params["codes"]
        if code != "nl"
    ]
    if not others:
        return gettext("spreekt Nederlands")
    return gettext("spreekt ook %(languages)s") % {"languages": _together(others)}


def _reciprocity(params: Mapping[str, Any]) -> str:
    return gettext("geeft en vraagt zelf ook")


def _fresh(params: Mapping[str, Any]) -> str:
    days = int(params["days"])
    if days == 0:
        return gettext("vandaag geplaatst")
    if days == 1:
        return gettext("gisteren geplaatst")
    return ngettext(
        "%(count)s dag geleden geplaatst", "%(count)s dagen geleden geplaatst", days
    ) % {"count": days}


def _track_record(params: Mapping[str, Any]) -> str:
    return gettext("eerdere contacten gingen goed (%(percent)s%%)") % {
        "percent": int(params["percent"])
    }


_RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "category": _category,
    "distance": _distance,
    "time": _time,
    "words": _words,
    "language": _language,
    "reciprocity": _reciprocity,
    "fresh": _fresh,
    "track_record": _track_record,
}


def reason_render(*, code: str, params: Mapping[str, Any], fallback: str = "") -> str:
    """Say the reason `code` with `params` in the active language.

    Return `fallback` (the stored Dutch text) for a code this version does not know.
    """
    render = _RENDERERS.get(code)
    return render(params) if render is not None else fallback


def reason_text(reason: Reason | Mapping[str, Any]) -> str:
    """Say a reason from the core, or as stored in `Contact.explanation`, in the active language.

    Stored reasons from before they had parameters keep their Dutch text.
    """
    if isinstance(reason, Reason):
        return reason_render(code=reason.code, params=dict(reason.params), fallback=reason.text)
    text = str(reason.get("text", ""))
    params = reason.get("params")
    if not isinstance(params, Mapping):
        return text
    return reason_render(code=str(reason.get("code", "")), params=params, fallback=text)


def reason_params(reason: Reason | Mapping[str, Any]) -> dict[str, Any]:
    """Return a reason's parameters as JSON values; empty for stored reasons without any."""
    if isinstance(reason, Reason):
        return {key: _json(value) for key, value in reason.params}
    params = reason.get("params")
    return dict(params) if isinstance(params, Mapping) else {}


def reason_stored(reason: Reason) -> dict[str, Any]:
    """Return a reason as JSON for `Contact.explanation`: code, Dutch text, params, weight."""
    return {
        "code": reason.code,
        "text": reason.text,
        "params": reason_params(reason),
        "weight": reason.weight,
    }


def _json(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    return value
