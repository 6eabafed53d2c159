"""The default Dutch taxonomy of asks and offers, as plain data.

Two levels: top-level categories with subcategories. Each subcategory carries the
everyday words residents use for it and a synonym list (canonical term -> words that
mean the same thing here). The Django app seeds its Category table from `TAXONOMY`;
the matching core feeds `taxonomy_synonyms()` to its `Vocabulary`; the benchmark
writes synthetic listings from the words.

Ids are stable: a top-level category gets `100 * n`, its subcategories `100 * n + m`.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from samenkracht.core.matching.text import Vocabulary


@dataclass(frozen=True, slots=True)
class Subcategory:
    slug: str
    name: str
    words: tuple[str, ...]
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TopCategory:
    slug: str
    name: str
    words: tuple[str, ...]
    children: tuple[Subcategory, ...]


@dataclass(frozen=True, slots=True)
class CategoryEntry:
    id: int
    parent_id: int | None
    slug: str
    name: str
    words: tuple[str, ...]
    synonyms: Mapping[str, tuple[str, ...]]


def _sub(
    slug: str, name: str, words: str, synonyms: Mapping[str, str] | None = None
) -> Subcategory:
    return Subcategory(
        slug=slug,
        name=name,
        words=tuple(words.split()),
        synonyms={key: tuple(value.split()) for key, value in (synonyms or {}).items()},
    )


TAXONOMY: tuple[TopCategory, ...] = (
    TopCategory(
        "klussen",
        "Klussen in huis",
        ("klus", "klussen", "klusje", "huis", "gereedschap"),
        (
            _sub(
                "schilderen",
                "Schilderen en behangen",
                "schilderen verf kwast muur plafond behang behangen kozijn deur lakken",
                {"schilderen": "verven witten sauzen"},
            ),
            _sub(
                "ophangen",
                "Ophangen en monteren",
                "ophangen lamp plank schilderij gordijn gordijnrail boren boormachine plug schroeven",
                {"boren": "boormachine klopboor"},
            ),
            _sub(
                "meubels",
                "Meubels in elkaar zetten",
                "meubels kast bed ikea bouwpakket monteren tafel stoel ledikant",
                {"meubels": "meubilair inrichting"},
            ),
            _sub(
                "verhuizen",
                "Verhuizen en sjouwen",
                "verhuizen verhuisdozen dozen sjouwen tillen bank trap bus aanhanger",
                {"verhuizen": "verhuis verhuizing", "sjouwen": "tillen dragen"},
            ),
        ),
    ),
    TopCategory(
        "tuin",
        "Tuin",
        ("tuin", "tuintje", "buiten", "groen"),
        (
            _sub(
                "gras",
                "Gras maaien",
                "gras grasmaaier maaien gazon grasmaaien kantjes grasveld",
                {"maaien": "grasmaaien"},
            ),
            _sub(
                "snoeien",
                "Snoeien en heg knippen",
                "snoeien heg heggenschaar knippen struiken boom takken haag",
                {"heg": "haag"},
            ),
            _sub(
                "onkruid",
                "Onkruid wieden",
                "onkruid wieden tegels voegen schoffelen bestrating perk",
                {"wieden": "schoffelen"},
            ),
            _sub(
                "moestuin",
                "Moestuin en planten",
                "moestuin planten zaaien groente tomaten kruiden bloemen bloembak water geven",
                {"planten": "plantjes"},
            ),
        ),
    ),
    TopCategory(
        "boodschappen",
        "Boodschappen",
        ("boodschappen", "winkel", "halen"),
        (
            _sub(
                "supermarkt",
                "Boodschappen doen",
                "boodschappen supermarkt boodschappenlijst tas brood melk albert heijn jumbo",
                {"boodschappen": "supermarkt inkopen winkelen"},
            ),
            _sub(
                "apotheek",
                "Medicijnen ophalen",
                "apotheek medicijnen recept ophalen pillen drogist",
                {"medicijnen": "pillen medicatie"},
            ),
            _sub(
                "markt",
                "Mee naar de markt",
                "markt weekmarkt kraam groente fruit kaas vis",
            ),
        ),
    ),
    TopCategory(
        "gezelschap",
        "Gezelschap en bezoek",
        ("gezelschap", "bezoek", "eenzaam", "contact"),
        (
            _sub(
                "koffie",
                "Koffie drinken en praten",
                "koffie kopje praten kletsen gezellig bezoekje thee buurvrouw buurman",
                {"praten": "kletsen babbelen"},
            ),
            _sub(
                "wandelen",
                "Samen wandelen",
                "wandelen wandeling rondje lopen park bos frisse lucht rolstoel",
                {"wandelen": "lopen rondje"},
            ),
            _sub(
                "spelletjes",
                "Spelletjes en hobby",
                "spelletjes kaarten klaverjassen sjoelen puzzel schaken breien handwerk",
                {"spelletjes": "spel bordspel"},
            ),
            _sub(
                "voorlezen",
                "Voorlezen",
                "voorlezen boek krant lezen slechtziend brieven",
            ),
        ),
    ),
    TopCategory(
        "vervoer",
        "Vervoer",
        ("vervoer", "rijden", "brengen", "halen", "vervoeren"),
        (
            _sub(
                "autorit",
                "Autoritje",
                "auto autorit rijden brengen ophalen ziekenhuis dokter afspraak lift",
                {"autorit": "lift rit meerijden"},
            ),
            _sub(
                "fiets",
                "Fiets en fietsreparatie",
                "fiets fietsband fietsbanden band plakken lekke ketting fietsenmaker fietsles",
                {"fiets": "rijwiel tweewieler", "plakken": "repareren"},
            ),
            _sub(
                "begeleiden",
                "Begeleiden onderweg",
                "begeleiden meegaan bus trein ov reizen station",
                {"trein": "ns sprinter intercity"},
            ),
        ),
    ),
    TopCategory(
        "computerhulp",
        "Computerhulp",
        ("computer", "digitaal", "internet"),
        (
            _sub(
                "laptop",
                "Computer en laptop",
                "computer laptop windows installeren printer wifi internet virus updates",
                {"computer": "pc laptop"},
            ),
            _sub(
                "telefoon",
                "Telefoon en tablet",
                "telefoon smartphone tablet ipad whatsapp apps instellen foto",
                {"telefoon": "mobiel smartphone gsm"},
            ),
            _sub(
                "digid",
                "DigiD en online zaken",
                "digid inloggen online formulier website account wachtwoord mail email",
                {"email": "mail e-mail"},
            ),
        ),
    ),
    TopCategory(
        "taal",
        "Taal en huiswerk",
        ("taal", "leren", "les", "school"),
        (
            _sub(
                "nederlands",
                "Nederlands oefenen",
                "nederlands taal oefenen spreken taalmaatje inburgering woorden uitspraak",
                {"taalmaatje": "taalcoach maatje"},
            ),
            _sub(
                "huiswerk",
                "Huiswerkbegeleiding",
                "huiswerk huiswerkbegeleiding rekenen wiskunde school leerling toets bijles",
                {"huiswerk": "schoolwerk bijles"},
            ),
            _sub(
                "lezen",
                "Lezen en schrijven",
                "lezen schrijven brief spelling laaggeletterd oefenen",
            ),
        ),
    ),
    TopCategory(
        "administratie",
        "Administratie",
        ("administratie", "papieren", "post"),
        (
            _sub(
                "belasting",
                "Belastingaangifte",
                "belasting belastingaangifte aangifte toeslagen huurtoeslag zorgtoeslag formulier",
                {"belasting": "belastingdienst fiscus"},
            ),
            _sub(
                "post",
                "Post en brieven",
                "post brieven brief ordenen rekeningen map overzicht",
                {"rekeningen": "facturen"},
            ),
            _sub(
                "geldzaken",
                "Geldzaken",
                "geldzaken budget schulden bankzaken bank overzicht sparen",
                {"geldzaken": "financien geld"},
            ),
        ),
    ),
    TopCategory(
        "koken",
        "Koken en eten",
        ("koken", "eten", "keuken"),
        (
            _sub(
                "maaltijd",
                "Maaltijd delen",
                "maaltijd maaltijden warm eten koken pan soep portie avondeten",
                {"maaltijd": "eten avondeten"},
            ),
            _sub(
                "bakken",
                "Bakken",
                "bakken taart cake koekjes brood oven verjaardag",
                {"taart": "gebak"},
            ),
            _sub(
                "kookles",
                "Samen koken",
                "kookles recept samen koken gerecht keuken",
            ),
        ),
    ),
    TopCategory(
        "reparaties",
        "Reparaties",
        ("repareren", "reparatie", "kapot", "maken"),
        (
            _sub(
                "elektra",
                "Elektra en apparaten",
                "elektra stopcontact apparaat wasmachine stofzuiger lamp snoer stekker",
                {"apparaat": "machine"},
            ),
            _sub(
                "kleding",
                "Kleding herstellen",
                "kleding naaien naaimachine broek rits knoop zoom verstellen",
                {"naaien": "verstellen herstellen"},
            ),
            _sub(
                "kraan",
                "Kraan en afvoer",
                "kraan lekt afvoer verstopt wc douche leiding",
                {"kraan": "waterkraan"},
            ),
        ),
    ),
    TopCategory(
        "kinderopvang",
        "Kinderen",
        ("kinderen", "kind", "oppas"),
        (
            _sub(
                "oppassen",
                "Oppassen",
                "oppassen oppas kinderen baby peuter avond slapen",
                {"oppassen": "oppas babysit babysitten"},
            ),
            _sub(
                "school",
                "Naar school brengen",
                "school brengen halen basisschool schoolplein kinderen",
            ),
            _sub(
                "spelen",
                "Spelen en knutselen",
                "spelen knutselen speeltuin voetbal buiten kinderen",
            ),
        ),
    ),
    TopCategory(
        "huisdieren",
        "Huisdieren",
        ("huisdier", "huisdieren", "dier", "dieren"),
        (
            _sub(
                "hond",
                "Hond uitlaten",
                "hond honden uitlaten hondenuitlaat wandelen riem",
                {"uitlaten": "wandelen"},
            ),
            _sub(
                "kat",
                "Kat verzorgen",
                "kat katten poes voeren kattenbak vakantie verzorgen",
                {"kat": "poes"},
            ),
            _sub(
                "kleindier",
                "Kleine dieren",
                "konijn cavia vogel hok schoonmaken voer",
            ),
        ),
    ),
    TopCategory(
        "lenen",
        "Spullen lenen",
        ("lenen", "uitlenen", "spullen"),
        (
            _sub(
                "gereedschap",
                "Gereedschap lenen",
                "gereedschap boormachine ladder trapje zaag schuurmachine hogedrukreiniger",
                {"ladder": "trapje"},
            ),
            _sub(
                "keukenspullen",
                "Keukenspullen lenen",
                "keukenspullen pan gourmetstel bordjes glazen partytent",
            ),
            _sub(
                "vervoermiddel",
                "Vervoermiddel lenen",
                "bakfiets aanhanger fietskar auto kinderzitje",
                {"bakfiets": "transportfiets"},
            ),
        ),
    ),
    TopCategory(
        "ruimte",
        "Ruimte gebruiken",
        ("ruimte", "plek", "lokaal"),
        (
            _sub(
                "zaal",
                "Zaal of lokaal",
                "zaal lokaal vergaderruimte bijeenkomst buurthuis wijkcentrum",
                {"buurthuis": "wijkcentrum ontmoetingsruimte"},
            ),
            _sub(
                "opslag",
                "Opslag",
                "opslag berging schuur zolder garage spullen",
                {"berging": "schuur"},
            ),
            _sub(
                "moestuinplek",
                "Stukje grond",
                "grond volkstuin moestuin tuinplek akker",
            ),
        ),
    ),
    TopCategory(
        "kennis",
        "Kennis en advies",
        ("advies", "kennis", "vraag", "uitleg"),
        (
            _sub(
                "juridisch",
                "Juridische vragen",
                "juridisch huur huurcontract contract rechten verhuurder advies",
                {"juridisch": "recht wet"},
            ),
            _sub(
                "werk",
                "Werk en sollicitatie",
                "werk sollicitatie sollicitatiebrief cv baan vacature gesprek",
                {"sollicitatie": "solliciteren"},
            ),
            _sub(
                "energie",
                "Energie besparen",
                "energie besparen isolatie tochtstrip zonnepanelen energierekening",
                {"energie": "stroom gas"},
            ),
        ),
    ),
)


def taxonomy_entries() -> Iterator[CategoryEntry]:
    """Yield every category with its stable id, top-level before its subcategories."""
    for top_number, top in enumerate(TAXONOMY, start=1):
        top_id = 100 * top_number
        yield CategoryEntry(top_id, None, top.slug, top.name, top.words, {})
        for sub_number, sub in enumerate(top.children, start=1):
            yield CategoryEntry(
                top_id + sub_number, top_id, sub.slug, sub.name, sub.words, sub.synonyms
            )


def taxonomy_synonyms() -> dict[str, tuple[str, ...]]:
    """Return canonical term -> synonyms over the whole taxonomy, merged."""
    merged: dict[str, list[str]] = {}
    for entry in taxonomy_entries():
        for canonical, words in entry.synonyms.items():
            bucket = merged.setdefault(canonical, [])
            bucket.extend(word for word in words if word not in bucket)
    return {canonical: tuple(words) for canonical, words in merged.items()}


def taxonomy_words() -> list[str]:
    """Return every word of the taxonomy, for learning compound parts."""
    return [word for entry in taxonomy_entries() for word in entry.words]


def default_vocabulary() -> Vocabulary:
    """Return a vocabulary with the taxonomy's synonyms and words as compound parts."""
    vocabulary = Vocabulary(taxonomy_synonyms())
    vocabulary.learn(taxonomy_words())
    return vocabulary
