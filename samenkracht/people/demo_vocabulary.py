"""Words and shares the demo generator draws from: names, ages, languages, organisations.

Plain data, so that the generator itself stays readable. Shares are rounded figures for a
Dutch town of about 160,000 people.
"""

# Share of Dutch adults per age band (CBS, rounded); singles and heads of households.
AGE_BANDS = (
    ((18, 19), 4),
    ((20, 24), 8),
    ((25, 29), 10),
    ((30, 34), 13),
    ((35, 39), 12),
    ((40, 44), 10),
    ((45, 49), 10),
    ((50, 54), 12),
    ((55, 59), 13),
    ((60, 64), 12),
    ((65, 69), 11),
    ((70, 74), 10),
    ((75, 79), 8),
    ((80, 84), 5),
    ((85, 89), 3),
    ((90, 95), 1),
)
# Adults per household: many live alone, most others as a couple.
HOUSEHOLD_SIZES = ((1, 40), (2, 46), (3, 9), (4, 4), (5, 1))
# A household's language besides Dutch, and how likely its members also speak Dutch.
HOME_LANGUAGES = (
    ("", 740, 1.0),
    ("tr", 50, 0.9),
    ("ber", 30, 0.9),
    ("ar", 30, 0.85),
    ("en", 30, 0.4),
    ("de", 20, 0.8),
    ("pl", 20, 0.6),
    ("srn", 20, 1.0),
    ("uk", 15, 0.35),
    ("pap", 10, 1.0),
    ("ti", 8, 0.5),
    ("fy", 7, 1.0),
)
SECOND_LANGUAGES = (("en", 0.45), ("de", 0.12), ("fr", 0.06), ("es", 0.04), ("ngt", 0.004))
CONSENT_SHARES = (
    ("contactable", 0.82),
    ("network_analysis", 0.48),
    ("wellbeing", 0.14),
)

SPARSE_AREAS = ("bedrijventerrein", "sportpark", "winkelcentrum", "buitengebied", "bosgebied")

# Latin-script names for languages whose Faker locale writes another script or has none.
OWN_NAMES = {
    "ar": (
        ("Mohamed", "Youssef", "Ahmed", "Omar", "Bilal", "Hamza", "Mustafa", "Ayoub"),
        ("Fatima", "Khadija", "Samira", "Nadia", "Yasmina", "Imane", "Malika", "Hanan"),
        ("El Idrissi", "Benali", "Bouzid", "El Khatib", "Haddou", "Amrani", "Saidi", "Tahiri"),
    ),
    "uk": (
        ("Oleksandr", "Andrii", "Dmytro", "Serhii", "Mykola", "Taras", "Ivan", "Yurii"),
        ("Olena", "Iryna", "Nataliia", "Oksana", "Tetiana", "Yuliia", "Kateryna", "Svitlana"),
        ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Boiko", "Kravets"),
    ),
    "ti": (
        ("Yonas", "Tesfay", "Filmon", "Mehari", "Dawit", "Kidane"),
        ("Senait", "Helen", "Luwam", "Selam", "Mihret", "Saba"),
        ("Tesfamariam", "Ghebremedhin", "Habte", "Kidane", "Berhane", "Woldu"),
    ),
}
OWN_NAMES["ber"] = OWN_NAMES["ar"]
FAKER_LOCALES = {"nl": "nl_NL", "tr": "tr_TR", "pl": "pl_PL", "de": "de_DE", "en": "en_GB"}

ABOUT_OPENINGS = (
    "Ik woon sinds {year} in {buurt}.",
    "Geboren en getogen in {city}.",
    "Met mijn gezin woon ik in {buurt}.",
    "Ik ben pas verhuisd naar {buurt}.",
    "Al jaren woon ik met plezier in {buurt}.",
)
ABOUT_MIDDLES = (
    "Ik houd van tuinieren en help graag in de moestuin.",
    "Ik kook graag, ook voor anderen.",
    "Ik ben handig met computers en telefoons.",
    "Ik kan fietsen repareren.",
    "Ik wandel elke dag met de hond.",
    "Ik zing in een koor.",
    "Ik lees graag voor aan kinderen.",
    "Ik ben met pensioen en heb tijd over.",
    "Ik werk in de zorg.",
    "Ik ben goed met papieren en formulieren.",
    "Ik klus graag: een kastje ophangen of een lamp vervangen.",
    "Ik breng graag iemand met de auto naar het ziekenhuis.",
)
ABOUT_ENDINGS = (
    "Vraag me gerust om hulp.",
    "Ik zoek iemand om samen mee te wandelen.",
    "Ik wil graag mensen in de buurt leren kennen.",
    "Stuur me een bericht als u iets nodig hebt.",
    "",
)

# Organisations rooted in a buurt: kind, name templates, and how many per 1,000 residents.
ORGANISATION_TEMPLATES: tuple[tuple[str, tuple[str, ...], float], ...] = (
    (
        "business",
        (
            "Bakkerij {last}",
            "Supermarkt {buurt}",
            "Installatiebedrijf {last}",
            "Kapsalon {first}",
            "Fietsenmaker {buurt}",
            "Schildersbedrijf {last} & Zn.",
            "Bloemenhuis {buurt}",
            "Apotheek {buurt}",
            "Klusbedrijf {last}",
            "Slagerij {last}",
            "Administratiekantoor {last}",
            "Eetcafé {buurt}",
        ),
        3.3,
    ),
    (
        "association",
        (
            "Buurtvereniging {buurt}",
            "Speeltuinvereniging {buurt}",
            "Bewonerscommissie {buurt}",
            "Volkstuinvereniging {buurt}",
            "Seniorenvereniging {wijk}",
            "Voetbalvereniging {wijk}",
            "Muziekvereniging {wijk}",
            "Wijkraad {wijk}",
        ),
        2.0,
    ),
    (
        "cooperative",
        (
            "Energiecoöperatie {wijk}",
            "Zorgcoöperatie {wijk}",
            "Broodfonds {buurt}",
            "Buurtcoöperatie {buurt}",
            "Voedselcoöperatie {wijk}",
        ),
        0.7,
    ),
    (
        "foundation",
        (
            "Stichting Buurthuis {buurt}",
            "Stichting Repair Café {wijk}",
            "Stichting Taalhuis {wijk}",
            "Stichting Huiskamer {buurt}",
            "Stichting Samen Eten {wijk}",
        ),
        1.2,
    ),
)
DESCRIPTIONS = {
    "welfare": "Sociaal makelaars en opbouwwerkers die bewoners met elkaar verbinden.",
    "municipality": "De gemeente: beleid, buurtbudgetten en subsidies.",
    "housing": "Betaalbare huurwoningen en leefbare buurten.",
    "business": "Een ondernemer uit de buurt die graag iets terugdoet.",
    "association": "Door en voor bewoners.",
    "cooperative": "Bewoners die samen iets organiseren en er samen eigenaar van zijn.",
    "foundation": "Vrijwilligers die zich inzetten voor de buurt.",
}
