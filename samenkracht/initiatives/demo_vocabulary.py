"""Words for the demo initiatives: the kinds of bewonersinitiatieven Dutch towns know.

Each kind says how common it is, its names, goals, policy domains (the first is the main
one), legal forms, what it typically needs and offers, which organisations join it, and
what it asks the municipality for. Placeholders: {buurt}, {wijk}, {street}, {nick}.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    weight: float
    names: tuple[str, ...]
    nicks: tuple[str, ...]
    goals: tuple[str, ...]
    story: str
    domains: tuple[str, ...]
    forms: tuple[tuple[str, float], ...]
    needs: tuple[tuple[str, str], ...]
    offers: tuple[tuple[str, str], ...]
    partner_kinds: tuple[str, ...]
    subsidy_for: str
    amount: tuple[int, int]
    # An existing organisation whose name starts with this may be the initiative's legal body.
    organisation_prefix: str = ""
    is_for_older_people: bool = False


INFORMAL = (("informal", 1.0),)

KINDS: tuple[Kind, ...] = (
    Kind(
        key="moestuin",
        weight=7.0,
        names=("Moestuin {buurt}", "Buurtmoestuin {nick}", "Samen tuinieren aan de {street}"),
        nicks=("De Groene Duim", "De Pluktuin", "Het Bonenstaakje", "De Wortel", "Tuin van Toen"),
        goals=(
            "Samen groente en kruiden kweken en de oogst delen met de buurt.",
            "Een stuk braakliggende grond omtoveren tot een moestuin voor iedereen.",
        ),
        story=(
            "Buren tuinieren elke zaterdagochtend samen. Wie geen groene vingers heeft, leert "
            "het hier. De oogst gaat naar de deelnemers en een deel naar de voedselbank."
        ),
        domains=("groen", "welzijn", "zorg"),
        forms=(("informal", 0.7), ("association", 0.3)),
        needs=(
            ("volunteers", "Tuinders voor het onderhoud in de zomer"),
            ("materials", "Gereedschap: schoppen, harken en een kruiwagen"),
            ("materials", "Compost en zaden voor het voorjaar"),
            ("space", "Een schuurtje om gereedschap in op te bergen"),
            ("expertise", "Iemand die verstand heeft van biologisch tuinieren"),
        ),
        offers=(
            ("materials", "Verse groente en kruiden voor buren"),
            ("space", "De tuin als plek voor buurtactiviteiten"),
        ),
        partner_kinds=("housing", "association", "business", "welfare"),
        subsidy_for="zaden, gereedschap en een schuurtje",
        amount=(400, 3500),
        organisation_prefix="Volkstuinvereniging",
    ),
    Kind(
        key="buurtkamer",
        weight=7.0,
        names=("Buurtkamer {buurt}", "Huiskamer van {buurt}", "Buurtkamer {nick}"),
        nicks=("De Ontmoeting", "Het Trefpunt", "De Koffiepot", "Het Buurthuisje", "De Stek"),
        goals=(
            "Een vaste plek waar buren binnenlopen voor koffie, een praatje en een helpende hand.",
            "Eenzaamheid in de buurt tegengaan met een open huiskamer, vijf dagen per week.",
        ),
        story=(
            "De koffie staat klaar van tien tot vier. Vrijwilligers ontvangen bezoekers, er is "
            "een leestafel en op woensdag eten we samen."
        ),
        domains=("welzijn", "zorg"),
        forms=(("informal", 0.5), ("foundation", 0.5)),
        needs=(
            ("space", "Een ruimte op de begane grond, bereikbaar met rollator"),
            ("volunteers", "Gastvrouwen en gastheren voor de middagen"),
            ("money", "Geld voor huur, koffie en thee"),
            ("materials", "Tafels, stoelen en een koffiezetapparaat"),
        ),
        offers=(
            ("space", "Onze ruimte is 's avonds vrij voor andere groepen"),
            ("volunteers", "Onze vrijwilligers helpen ook bij buurtfeesten"),
        ),
        partner_kinds=("welfare", "housing", "foundation", "municipality"),
        subsidy_for="huur en inrichting van de buurtkamer",
        amount=(1500, 12000),
        organisation_prefix="Stichting Huiskamer",
    ),
    Kind(
        key="repaircafe",
        weight=3.0,
        names=("Repair Café {wijk}", "Repair Café {buurt}", "Reparatiecafé {nick}"),
        nicks=("Heel de Buurt", "De Schroevendraaier", "Weggooien? Mooi niet!"),
        goals=(
            "Samen kapotte spullen repareren in plaats van weggooien.",
            "Elke maand een middag waar vrijwilligers kleding, fietsen en apparaten maken.",
        ),
        story=(
            "Eén zaterdag per maand staan de reparateurs klaar. Bezoekers repareren samen met "
            "hen: zo leert iedereen iets en blijft er minder afval over."
        ),
        domains=("welzijn", "economie", "groen"),
        forms=(("informal", 0.6), ("foundation", 0.4)),
        needs=(
            ("volunteers", "Reparateurs voor elektrische apparaten"),
            ("volunteers", "Iemand die kan naaien en kleding herstelt"),
            ("materials", "Soldeerbouten, naaimachines en gereedschap"),
            ("space", "Een zaal voor één zaterdag per maand"),
        ),
        offers=(("expertise", "Onze reparateurs geven ook cursussen"),),
        partner_kinds=("foundation", "business", "welfare"),
        subsidy_for="gereedschap en reserveonderdelen",
        amount=(300, 2500),
        organisation_prefix="Stichting Repair Café",
    ),
    Kind(
        key="energie",
        weight=4.0,
        names=("Energiecoöperatie {wijk}", "Zon op {buurt}", "Samen zonnig {nick}"),
        nicks=("Zonnedak", "De Windvang", "Buurtstroom", "Eemzon"),
        goals=(
            "Zonnepanelen op daken in de wijk, zodat bewoners samen eigen stroom opwekken.",
            "Buren helpen hun huis te isoleren en samen groene energie in te kopen.",
        ),
        story=(
            "Bewoners worden lid en eigenaar. Het eerste project is een dak vol zonnepanelen op "
            "een school; de opbrengst gaat terug naar de leden en een buurtfonds."
        ),
        domains=("energie", "wonen", "economie"),
        forms=(("cooperative", 0.8), ("informal", 0.2)),
        needs=(
            ("money", "Startkapitaal voor het eerste zonnedak"),
            ("expertise", "Kennis van vergunningen en netaansluiting"),
            ("space", "Een groot dak voor zonnepanelen"),
            ("volunteers", "Energiecoaches die bij buren langsgaan"),
        ),
        offers=(
            ("expertise", "Gratis advies over isolatie en zonnepanelen"),
            ("money", "Een buurtfonds uit de opbrengst van de stroom"),
        ),
        partner_kinds=("housing", "business", "municipality", "cooperative"),
        subsidy_for="de haalbaarheidsstudie voor een zonnedak",
        amount=(2500, 25000),
        organisation_prefix="Energiecoöperatie",
    ),
    Kind(
        key="voedsel",
        weight=3.0,
        names=("Uitgiftepunt Voedselbank {wijk}", "Buurtvoedselkast {street}", "{nick} {wijk}"),
        nicks=("Voedselhulp", "Deelkast", "Tafeltje Dek Je"),
        goals=(
            "Elke week voedselpakketten uitdelen aan gezinnen in de wijk die het krap hebben.",
            "Een deelkast waar buren eten brengen en halen, zonder vragen.",
        ),
        story=(
            "Vrijwilligers halen op donderdag de producten op en delen ze uit. Wie komt, krijgt "
            "ook een kop koffie en hulp bij vragen over geld."
        ),
        domains=("welzijn", "zorg"),
        forms=(("foundation", 0.6), ("informal", 0.4)),
        needs=(
            ("volunteers", "Chauffeurs met rijbewijs voor het ophalen"),
            ("space", "Een droge opslag met koelkast"),
            ("materials", "Kratten en een koelcel"),
        ),
        offers=(("volunteers", "Onze vrijwilligers kennen de weg naar schuldhulp"),),
        partner_kinds=("foundation", "business", "welfare", "municipality"),
        subsidy_for="een koelcel en de huur van de opslag",
        amount=(1000, 8000),
    ),
    Kind(
        key="speeltuin",
        weight=4.0,
        names=("Speeltuin {nick}", "Speeltuin {buurt}", "Speelplein {street}"),
        nicks=("De Ekster", "De Egel", "Het Klauterbos", "De Uitkijk", "De Schommel"),
        goals=(
            "Een veilige en groene speeltuin voor de kinderen uit de buurt, beheerd door ouders.",
            "Het oude speelveld opknappen met nieuwe toestellen en een natuurlijke speelplek.",
        ),
        story=(
            "Ouders houden de speeltuin open op woensdagmiddag en in het weekend. In de zomer "
            "is er een speelweek met spelletjes en een barbecue."
        ),
        domains=("jeugd", "sport", "groen"),
        forms=(("association", 0.6), ("informal", 0.4)),
        needs=(
            ("money", "Geld voor een nieuw klimtoestel"),
            ("volunteers", "Ouders die een middag per maand toezicht houden"),
            ("materials", "Zand, boomstammen en plantjes"),
        ),
        offers=(("space", "Het clubhuis kan gebruikt worden voor kinderfeestjes"),),
        partner_kinds=("association", "housing", "business", "municipality"),
        subsidy_for="nieuwe speeltoestellen",
        amount=(2000, 20000),
        organisation_prefix="Speeltuinvereniging",
    ),
    Kind(
        key="taalcafe",
        weight=3.5,
        names=("Taalcafé {wijk}", "Taalmaatjes {buurt}", "Samen Nederlands praten in {buurt}"),
        nicks=("Praat Mee", "Het Woordenboek", "Taalhuis"),
        goals=(
            "Nieuwkomers oefenen Nederlands in een gezellige sfeer met buren.",
            "Taalmaatjes koppelen aan buren die beter Nederlands willen leren.",
        ),
        story=(
            "Elke dinsdagavond praten we in kleine groepjes over gewone dingen: de markt, de "
            "school, de dokter. Iedereen is welkom, ook als u net begint."
        ),
        domains=("onderwijs", "welzijn"),
        forms=(("informal", 0.6), ("foundation", 0.4)),
        needs=(
            ("volunteers", "Taalmaatjes voor een uur per week"),
            ("space", "Een lokaal op dinsdagavond"),
            ("materials", "Lesboeken en woordkaarten"),
        ),
        offers=(("expertise", "Hulp bij het invullen van formulieren"),),
        partner_kinds=("foundation", "welfare", "association"),
        subsidy_for="lesmateriaal en de huur van een lokaal",
        amount=(300, 3000),
        organisation_prefix="Stichting Taalhuis",
    ),
    Kind(
        key="burenhulp",
        weight=6.0,
        names=("Burenhulp {buurt}", "{buurt} helpt elkaar", "Burennetwerk {street}"),
        nicks=("Hand in Hand", "Buur voor Buur"),
        goals=(
            "Buren helpen elkaar met kleine klussen, boodschappen en vervoer naar de dokter.",
            "Een telefoonnummer waar buren terecht kunnen als ze even hulp nodig hebben.",
        ),
        story=(
            "Een groep buren verdeelt de vragen via een app en een telefoon. Niemand hoeft veel "
            "te doen, maar samen is er bijna altijd iemand die kan."
        ),
        domains=("zorg", "welzijn"),
        forms=INFORMAL,
        needs=(
            ("volunteers", "Buren met een auto voor ritjes naar het ziekenhuis"),
            ("volunteers", "Klussers voor kleine reparaties in huis"),
            ("money", "Een klein budget voor de telefoon en flyers"),
        ),
        offers=(("volunteers", "Boodschappen doen voor wie slecht ter been is"),),
        partner_kinds=("welfare", "association", "housing"),
        subsidy_for="een telefoon, flyers en een vrijwilligersverzekering",
        amount=(150, 1500),
        is_for_older_people=True,
    ),
    Kind(
        key="zorgcooperatie",
        weight=2.5,
        names=("Zorgcoöperatie {wijk}", "Zorgen voor elkaar in {wijk}", "{nick}"),
        nicks=("Thuis in de Wijk", "Samen Oud in de Buurt"),
        goals=(
            "Ouderen kunnen langer thuis blijven wonen met hulp van buren en vaste zorgverleners.",
            "Bewoners organiseren zelf de zorg en ondersteuning in hun wijk.",
        ),
        story=(
            "Leden betalen een kleine bijdrage. Een coördinator zoekt bij elke vraag een "
            "vrijwilliger of een zorgverlener uit de wijk."
        ),
        domains=("zorg", "welzijn", "wonen"),
        forms=(("cooperative", 0.8), ("association", 0.2)),
        needs=(
            ("money", "Geld voor een coördinator voor twaalf uur per week"),
            ("volunteers", "Vrijwilligers voor vervoer en gezelschap"),
            ("expertise", "Advies over zorgcontracten"),
        ),
        offers=(("expertise", "Onze coördinator denkt mee over mantelzorg"),),
        partner_kinds=("welfare", "municipality", "housing", "cooperative"),
        subsidy_for="een coördinator voor een jaar",
        amount=(5000, 40000),
        organisation_prefix="Zorgcoöperatie",
        is_for_older_people=True,
    ),
    Kind(
        key="ouderensport",
        weight=3.5,
        names=("Bewegen voor ouderen {buurt}", "Walking football {wijk}", "Fit 65+ {buurt}"),
        nicks=("Blijf in Beweging", "Fit en Fris"),
        goals=(
            "Ouderen bewegen samen twee keer per week, in het park of in de gymzaal.",
            "Wandelvoetbal voor mannen en vrouwen boven de zestig.",
        ),
        story=(
            "Onder leiding van een vrijwillige trainer doen we oefeningen voor balans en kracht. "
            "Na afloop drinken we samen koffie."
        ),
        domains=("sport", "zorg"),
        forms=(("informal", 0.6), ("association", 0.4)),
        needs=(
            ("volunteers", "Een trainer met ervaring met ouderen"),
            ("space", "Een gymzaal op dinsdagochtend"),
            ("materials", "Ballen, matjes en hesjes"),
        ),
        offers=(("expertise", "Onze trainer geeft ook valpreventie-lessen"),),
        partner_kinds=("association", "welfare", "business"),
        subsidy_for="de huur van de gymzaal en sportmateriaal",
        amount=(300, 3000),
        is_for_older_people=True,
    ),
    Kind(
        key="preventie",
        weight=2.5,
        names=("Buurtpreventie {buurt}", "Buurtwacht {wijk}", "Veilig wonen aan de {street}"),
        nicks=("Oogje in het Zeil",),
        goals=(
            "Buren lopen 's avonds een ronde en melden wat niet klopt aan de wijkagent.",
            "Minder inbraken in de buurt door oplettende buren en een appgroep.",
        ),
        story=(
            "Twee keer per week lopen vrijwilligers in hesjes door de buurt. Ze letten op open "
            "ramen, kapotte lampen en onveilige plekken."
        ),
        domains=("veiligheid",),
        forms=INFORMAL,
        needs=(
            ("volunteers", "Buren die een avond per maand meelopen"),
            ("materials", "Hesjes en zaklampen"),
        ),
        offers=(("expertise", "Tips tegen inbraak voor nieuwe bewoners"),),
        partner_kinds=("association", "housing", "municipality"),
        subsidy_for="hesjes, zaklampen en bordjes",
        amount=(150, 1200),
    ),
    Kind(
        key="huiswerk",
        weight=2.5,
        names=("Huiswerkklas {wijk}", "Bijles in de buurt {buurt}", "Leerplek {nick}"),
        nicks=("Slim Zat", "De Leeskamer"),
        goals=(
            "Kinderen krijgen na school hulp bij hun huiswerk van vrijwilligers uit de buurt.",
            "Jongeren helpen elkaar op weg naar hun diploma.",
        ),
        story=(
            "Op maandag en donderdag zitten studenten en gepensioneerde docenten klaar. "
            "Kinderen nemen hun huiswerk mee; ouders zijn welkom."
        ),
        domains=("onderwijs", "jeugd"),
        forms=(("informal", 0.5), ("foundation", 0.5)),
        needs=(
            ("volunteers", "Huiswerkbegeleiders voor rekenen en taal"),
            ("space", "Een rustig lokaal na schooltijd"),
            ("materials", "Laptops voor kinderen zonder computer thuis"),
        ),
        offers=(("expertise", "Hulp bij de keuze voor een vervolgopleiding"),),
        partner_kinds=("foundation", "welfare", "business"),
        subsidy_for="laptops en lesmateriaal",
        amount=(500, 5000),
    ),
    Kind(
        key="geveltuin",
        weight=4.0,
        names=("Geveltuinen {street}", "Groene straat {street}", "{buurt} groener"),
        nicks=("Tegel eruit, plant erin",),
        goals=(
            "Tegels eruit en planten erin: meer groen en minder hitte in de straat.",
            "Boomspiegels en geveltuinen die buren samen onderhouden.",
        ),
        story=(
            "Op de jaarlijkse groendag halen buren samen tegels weg en planten ze struiken en "
            "bloemen. Wie hulp nodig heeft bij het onderhoud, krijgt die."
        ),
        domains=("groen", "wonen"),
        forms=INFORMAL,
        needs=(
            ("materials", "Planten, potgrond en een aanhanger"),
            ("volunteers", "Sterke handen voor de groendag"),
        ),
        offers=(("materials", "Stekjes en zaden uit onze tuinen"),),
        partner_kinds=("housing", "business", "municipality"),
        subsidy_for="planten en potgrond voor de groendag",
        amount=(200, 2000),
    ),
    Kind(
        key="mobiliteit",
        weight=2.5,
        names=("Buurtbus {wijk}", "Deelauto's {buurt}", "Fietsles voor nieuwkomers {wijk}"),
        nicks=("Samen op Weg", "De Rijdende Buur"),
        goals=(
            "Vervoer voor bewoners die niet meer zelf kunnen rijden, met vrijwillige chauffeurs.",
            "Buren delen auto's en bakfietsen, zodat er minder auto's in de straat staan.",
        ),
        story=(
            "Een vaste groep chauffeurs rijdt op werkdagen. Ritjes worden een dag van tevoren "
            "aangevraagd bij de centrale."
        ),
        domains=("mobiliteit", "zorg", "energie"),
        forms=(("association", 0.5), ("informal", 0.5)),
        needs=(
            ("volunteers", "Chauffeurs voor een dagdeel per week"),
            ("money", "Een bijdrage aan een elektrische bus"),
            ("space", "Een parkeerplek met laadpaal"),
        ),
        offers=(("volunteers", "Vervoer naar buurtactiviteiten"),),
        partner_kinds=("business", "welfare", "municipality"),
        subsidy_for="de aanschaf van een elektrische buurtbus",
        amount=(3000, 30000),
        is_for_older_people=True,
    ),
    Kind(
        key="cultuur",
        weight=4.0,
        names=("Buurtkoor {buurt}", "Cultuurfestival {wijk}", "Straattheater {nick}"),
        nicks=("De Vrolijke Noot", "Podium in de Wijk", "Open Atelier"),
        goals=(
            "Muziek, theater en kunst dichtbij huis, gemaakt door en voor de buurt.",
            "Een jaarlijks festival waar bewoners laten zien wat ze kunnen.",
        ),
        story=(
            "Het koor repeteert elke week en treedt op bij buurtfeesten en in het verpleeghuis. "
            "Iedereen mag meezingen, ook wie geen noten kan lezen."
        ),
        domains=("cultuur", "welzijn"),
        forms=(("association", 0.5), ("informal", 0.5)),
        needs=(
            ("space", "Een repetitieruimte met piano"),
            ("money", "Geld voor een dirigent"),
            ("volunteers", "Hulp bij op- en afbouw van het podium"),
        ),
        offers=(("volunteers", "Optredens bij buurtfeesten"),),
        partner_kinds=("association", "foundation", "business"),
        subsidy_for="een podium en geluidsinstallatie",
        amount=(500, 8000),
        organisation_prefix="Muziekvereniging",
    ),
    Kind(
        key="samen-eten",
        weight=4.0,
        names=("Samen eten in {buurt}", "Buurtmaaltijd {nick}", "Eettafel {buurt}"),
        nicks=("Aan Tafel", "De Open Pan", "Schuif Aan"),
        goals=(
            "Eén keer per week samen eten met buren, voor een kleine prijs.",
            "Buren koken om de beurt voor wie niet graag alleen eet.",
        ),
        story=(
            "Vrijwilligers koken een driegangenmenu. Voor vijf euro schuift iedereen aan; wie het "
            "niet kan betalen, eet gratis mee."
        ),
        domains=("welzijn", "zorg"),
        forms=(("informal", 0.7), ("foundation", 0.3)),
        needs=(
            ("volunteers", "Koks die een keer per maand willen koken"),
            ("space", "Een keuken en zaal voor veertig mensen"),
            ("materials", "Pannen en serviesgoed"),
        ),
        offers=(("materials", "Maaltijden voor buren die ziek zijn"),),
        partner_kinds=("welfare", "foundation", "business"),
        subsidy_for="serviesgoed en de huur van de keuken",
        amount=(300, 3000),
        organisation_prefix="Stichting Samen Eten",
        is_for_older_people=True,
    ),
    Kind(
        key="jongeren",
        weight=3.0,
        names=("Jongerenplek {wijk}", "Pannaveld {buurt}", "Jongerenraad {wijk}"),
        nicks=("De Hangplek", "Next Level"),
        goals=(
            "Een eigen plek voor jongeren, die ze zelf inrichten en beheren.",
            "Jongeren organiseren sport en muziek in de wijk en denken mee met de gemeente.",
        ),
        story=(
            "Jongeren kozen zelf de plek en het programma. Een jongerenwerker is erbij op "
            "vrijdagavond; de rest doen ze zelf."
        ),
        domains=("jeugd", "sport", "veiligheid"),
        forms=INFORMAL,
        needs=(
            ("space", "Een ruimte voor vrijdagavond"),
            ("money", "Geld voor een pannakooi"),
            ("expertise", "Een jongerenwerker die meedenkt"),
        ),
        offers=(("volunteers", "Jongeren die helpen bij buurtfeesten"),),
        partner_kinds=("welfare", "association", "housing"),
        subsidy_for="een pannakooi en sportmateriaal",
        amount=(1000, 15000),
    ),
    Kind(
        key="broodfonds",
        weight=1.5,
        names=("Broodfonds {buurt}", "Broodfonds {wijk}", "Broodfonds {nick}"),
        nicks=("De Korst", "Het Kruimeltje", "Vers Brood"),
        goals=("Zelfstandigen dragen elkaar bij ziekte: iedereen legt elke maand een bedrag in.",),
        story=(
            "Twintig tot vijftig ondernemers uit de buurt kennen en vertrouwen elkaar. Wie lang "
            "ziek is, krijgt een schenking uit de pot."
        ),
        domains=("economie", "welzijn"),
        forms=(("association", 0.7), ("cooperative", 0.3)),
        needs=(
            ("expertise", "Een begeleider om het fonds op te zetten"),
            ("volunteers", "Nieuwe leden: zelfstandigen uit de buurt"),
        ),
        offers=(("expertise", "Ervaring met het opzetten van een broodfonds"),),
        partner_kinds=("business", "cooperative"),
        subsidy_for="de begeleiding bij de start",
        amount=(500, 2500),
        organisation_prefix="Broodfonds",
    ),
    Kind(
        key="wonen",
        weight=2.5,
        names=("Knarrenhof {wijk}", "Woongroep {nick}", "Tiny houses {wijk}"),
        nicks=("Het Erf", "De Hofjes", "Samen Wonen"),
        goals=(
            "Een hofje waar ouderen zelfstandig wonen en naar elkaar omkijken.",
            "Betaalbare woningen die bewoners zelf ontwerpen en beheren.",
        ),
        story=(
            "Een groep toekomstige bewoners zoekt grond en een bouwer. Samen bepalen ze hoe "
            "de woningen en de gemeenschappelijke tuin eruitzien."
        ),
        domains=("wonen", "zorg"),
        forms=(("cooperative", 0.5), ("association", 0.5)),
        needs=(
            ("space", "Een bouwkavel in de wijk"),
            ("expertise", "Een architect die met bewoners wil ontwerpen"),
            ("money", "Voorfinanciering voor de plannen"),
        ),
        offers=(("expertise", "Ervaring met een wooncoöperatie opzetten"),),
        partner_kinds=("housing", "municipality", "business"),
        subsidy_for="een haalbaarheidsonderzoek",
        amount=(5000, 30000),
    ),
    Kind(
        key="werkplaats",
        weight=2.0,
        names=("Buurtwerkplaats {wijk}", "Ondernemerscafé {wijk}", "Buurtwinkel {nick}"),
        nicks=("De Werkbank", "Het Gereedschapshuis"),
        goals=(
            "Een werkplaats waar buren gereedschap delen en samen klussen.",
            "Ondernemers uit de wijk helpen bewoners aan werk en een stageplek.",
        ),
        story=(
            "In de werkplaats leren mensen een vak terwijl ze meubels opknappen voor de "
            "kringloop. Ondernemers uit de wijk geven les."
        ),
        domains=("economie", "onderwijs"),
        forms=(("foundation", 0.5), ("informal", 0.5)),
        needs=(
            ("space", "Een bedrijfsruimte met stroom en water"),
            ("materials", "Werkbanken en elektrisch gereedschap"),
            ("expertise", "Vakmensen die een dag per week lesgeven"),
        ),
        offers=(("materials", "Opgeknapte meubels voor wie ze nodig heeft"),),
        partner_kinds=("business", "housing", "foundation"),
        subsidy_for="de inrichting van de werkplaats",
        amount=(2000, 15000),
    ),
    Kind(
        key="zwerfafval",
        weight=2.5,
        names=("Schoon {buurt}", "Zwerfafvalpluggers {wijk}", "Opruimploeg {street}"),
        nicks=("De Grijpers", "Afvalvrij"),
        goals=("Buren ruimen samen zwerfafval op en houden de straat schoon.",),
        story=(
            "Elke eerste zaterdag van de maand lopen we met grijpers en zakken door de buurt. "
            "Kinderen van de school doen ook mee."
        ),
        domains=("groen", "veiligheid"),
        forms=INFORMAL,
        needs=(
            ("materials", "Grijpers, handschoenen en vuilniszakken"),
            ("volunteers", "Opruimers voor een uur per maand"),
        ),
        offers=(("volunteers", "Hulp bij het opruimen na buurtfeesten"),),
        partner_kinds=("municipality", "housing", "business"),
        subsidy_for="grijpers en hesjes",
        amount=(100, 800),
    ),
    Kind(
        key="digitaal",
        weight=2.0,
        names=("Digicafé {buurt}", "Computerhulp {wijk}", "Klik en Tik {buurt}"),
        nicks=("De Muis", "Online Samen"),
        goals=("Ouderen leren omgaan met de telefoon, DigiD en internetbankieren.",),
        story=(
            "Elke week helpen vrijwilligers met vragen over de telefoon en de computer. "
            "Niemand hoeft zich te schamen: we beginnen bij het begin."
        ),
        domains=("onderwijs", "welzijn"),
        forms=INFORMAL,
        needs=(
            ("volunteers", "Geduldige vrijwilligers die handig zijn met computers"),
            ("materials", "Tablets om op te oefenen"),
        ),
        offers=(("expertise", "Hulp bij DigiD en formulieren van de gemeente"),),
        partner_kinds=("welfare", "foundation", "business"),
        subsidy_for="tablets om op te oefenen",
        amount=(300, 2500),
        is_for_older_people=True,
    ),
    Kind(
        key="verkeer",
        weight=1.5,
        names=("Veilig naar school {buurt}", "Dertig is dertig {street}", "Schoolstraat {nick}"),
        nicks=("De Oversteek", "Kinderen Voorop"),
        goals=("Een veilige route naar school, met klaar-overs en minder auto's voor de deur.",),
        story=(
            "Ouders en buren meten hoe hard er gereden wordt en bedenken samen met de school "
            "hoe het veiliger kan."
        ),
        domains=("mobiliteit", "veiligheid", "jeugd"),
        forms=INFORMAL,
        needs=(
            ("volunteers", "Klaar-overs voor de ochtend"),
            ("expertise", "Advies van een verkeerskundige"),
        ),
        offers=(("expertise", "Onze metingen van de snelheid in de straat"),),
        partner_kinds=("municipality", "association"),
        subsidy_for="borden en een snelheidsmeter",
        amount=(300, 3000),
    ),
    Kind(
        key="mantelzorg",
        weight=2.0,
        names=("Mantelzorgcafé {wijk}", "Even ertussenuit {buurt}", "Respijtzorg {nick}"),
        nicks=("De Adempauze", "Er Even Tussenuit"),
        goals=("Mantelzorgers treffen elkaar en worden een middag ontlast.",),
        story=(
            "Eens per maand komen mantelzorgers samen. Vrijwilligers zijn dan bij hun naaste, "
            "zodat zij even tijd voor zichzelf hebben."
        ),
        domains=("zorg", "welzijn"),
        forms=(("informal", 0.6), ("foundation", 0.4)),
        needs=(
            ("volunteers", "Vrijwilligers die een middag bij iemand thuis zijn"),
            ("space", "Een rustige ruimte voor de bijeenkomsten"),
        ),
        offers=(("expertise", "Onze ervaringen met de Wmo-aanvraag"),),
        partner_kinds=("welfare", "foundation", "municipality"),
        subsidy_for="de bijeenkomsten en vrijwilligersvergoedingen",
        amount=(500, 4000),
        is_for_older_people=True,
    ),
    Kind(
        key="tijdbank",
        weight=1.0,
        names=("Tijdbank {wijk}", "Ruilwinkel {buurt}", "Buurtmunt {nick}"),
        nicks=("De Eemmunt", "Uurtje Ruil"),
        goals=("Buren ruilen diensten: een uur helpen levert een uur hulp op.",),
        story=(
            "Wie een uur klust, kookt of oppast, krijgt een uur op de tijdrekening. Dat uur "
            "besteedt hij weer bij een andere buur."
        ),
        domains=("economie", "welzijn"),
        forms=(("association", 0.5), ("informal", 0.5)),
        needs=(
            ("volunteers", "Een makelaar die vragen en aanbod koppelt"),
            ("expertise", "Hulp met de administratie van de uren"),
        ),
        offers=(("volunteers", "Leden die hun uren aan buurtprojecten besteden"),),
        partner_kinds=("welfare", "cooperative"),
        subsidy_for="de administratie en een koppelaar",
        amount=(300, 3000),
    ),
    Kind(
        key="natuur",
        weight=2.0,
        names=("Voedselbos {wijk}", "Bijenlint {buurt}", "Natuurspeeltuin {nick}"),
        nicks=("Het Wilde Hoekje", "De Vlinderhof"),
        goals=("Een voedselbos en bloemrijke bermen voor bijen, vlinders en buren.",),
        story=(
            "Op een grasveld planten buren fruitbomen, struiken en kruiden. Over een paar jaar "
            "kan iedereen er plukken."
        ),
        domains=("groen", "onderwijs"),
        forms=(("informal", 0.6), ("foundation", 0.4)),
        needs=(
            ("materials", "Fruitbomen en bessenstruiken"),
            ("expertise", "Een ecoloog die meedenkt over het ontwerp"),
            ("volunteers", "Plantdag-helpers"),
        ),
        offers=(("space", "Een buitenlokaal voor scholen"),),
        partner_kinds=("municipality", "housing", "foundation"),
        subsidy_for="bomen, struiken en een informatiebord",
        amount=(500, 6000),
    ),
)

STREETS = (
    "Kerkstraat",
    "Dorpsstraat",
    "Schoolstraat",
    "Molenweg",
    "Lindelaan",
    "Eikenlaan",
    "Beukenlaan",
    "Kastanjelaan",
    "Merelstraat",
    "Lijsterstraat",
    "Vinkenstraat",
    "Zwaluwstraat",
    "Rozenstraat",
    "Tulpstraat",
    "Sportlaan",
    "Parkweg",
    "Stationsstraat",
    "Julianastraat",
    "Beatrixlaan",
    "Prins Bernhardlaan",
    "Wilhelminastraat",
    "Oranjestraat",
    "Vondellaan",
    "Bilderdijkstraat",
    "Rembrandtlaan",
    "Mozartstraat",
    "Händelstraat",
    "Brinkweg",
    "Hoefijzerlaan",
    "Zonnebloemstraat",
    "Esdoornlaan",
    "Wilgenhof",
    "Populierenweg",
    "Akkerweg",
    "Beekstraat",
    "Hofstraat",
)

UPDATES = (
    "Afgelopen zaterdag waren er {n} buren bij. Dank aan iedereen die heeft geholpen!",
    "We hebben een nieuwe vrijwilliger: welkom! Er is nog plek voor meer mensen.",
    "De gemeente heeft onze aanvraag ontvangen. We houden u op de hoogte.",
    "Goed nieuws: we mogen de ruimte gebruiken. Vanaf volgende maand zijn we er elke week.",
    "Het was druk: {n} bezoekers deze maand. Volgende keer nemen we meer stoelen mee.",
    "We zoeken nog iemand die kan helpen met de planning. Heeft u een uurtje per week?",
    "Een mooie dag in {buurt}. Op de foto ziet u hoe het nu is geworden.",
    "De buurtbewoners hebben gestemd: we gaan door met het plan.",
    "Dank aan {partner} voor de hulp en het materiaal.",
    "In de vakantie staan we even stil. Na de zomer gaan we weer verder.",
    "We hebben het jaar afgesloten met een feest. Op naar volgend jaar!",
    "Nieuw: u kunt zich nu ook aanmelden via de buurtkamer of bij de sociaal makelaar.",
    "De eerste bijeenkomst is geweest. Er kwamen {n} mensen met goede ideeën.",
    "We hebben een lokale krant gehaald. Zo weten nog meer buren van ons.",
)

PHASE_NOTES = {
    "idea": (
        "Het idee ontstond op een buurtavond.",
        "Een paar buren raakten erover aan de praat.",
        "Opgeschreven na een gesprek met de sociaal makelaar.",
        "",
    ),
    "starting": (
        "De eerste bijeenkomst is geweest.",
        "Er is een kernteam en een plan.",
        "We hebben de eerste vrijwilligers gevonden.",
        "",
    ),
    "running": (
        "We zijn begonnen!",
        "De eerste activiteit was een succes.",
        "Vanaf nu elke week.",
        "",
    ),
    "finished": (
        "Het doel is bereikt.",
        "Het project is klaar; de buurt zorgt er zelf voor.",
        "Overgedragen aan de buurtvereniging.",
    ),
    "stopped": (
        "Er waren te weinig vrijwilligers.",
        "De ruimte is weggevallen.",
        "De trekker is verhuisd en niemand nam het over.",
        "Geen geld gevonden.",
    ),
}

ROLE_NOTES = {
    "initiator": ("Heeft het initiatief opgezet.",),
    "funder": ("Draagt bij aan de kosten.", "Eenmalige bijdrage.", "Sponsort het materiaal."),
    "host": ("Biedt de ruimte gratis aan.", "Stelt de ruimte beschikbaar tegen een kleine huur."),
    "expert": ("Denkt mee over de aanpak.", "Geeft advies over de vergunningen."),
    "volunteers": ("Levert vrijwilligers.", "Stuurt stagiairs."),
    "supplier": ("Levert materiaal tegen kostprijs.", "Leent gereedschap uit."),
    "advisor": ("Coacht het kernteam.", "Helpt met de subsidieaanvraag."),
    "ambassador": ("Vertelt anderen over het initiatief.",),
}

REQUEST_TITLES = {
    "subsidy": ("Subsidie voor {subsidy_for}", "Bijdrage aan {subsidy_for}"),
    "space": ("Ruimte gezocht voor {name}", "Gebruik van een lokaal voor {name}"),
    "permit": (
        "Vergunning voor een activiteit van {name}",
        "Toestemming om de straat af te sluiten",
        "Vergunning voor een bouwwerk",
    ),
    "advice": ("Advies over {name}", "Vraag over regels en verzekering", "Hoe pakken we dit aan?"),
}

REQUEST_TEXTS = {
    "subsidy": (
        "Wij vragen een bijdrage voor {subsidy_for}. Een begroting sturen we mee. Zonder deze "
        "bijdrage kunnen we niet beginnen."
    ),
    "space": (
        "Wij zoeken een ruimte voor {name}, een paar dagdelen per week. Weet de gemeente een "
        "leeg pand of lokaal in of bij {buurt}?"
    ),
    "permit": (
        "Wij willen een activiteit houden in {buurt}. Daarvoor is een vergunning nodig. Wat "
        "moeten wij aanleveren?"
    ),
    "advice": (
        "Wij willen graag advies: mogen wij dit zo organiseren, en moeten wij iets regelen "
        "voor verzekering of veiligheid?"
    ),
}

# (days until in treatment, days until a decision): medians of a log-normal spread.
DEPARTMENTS = (
    ("Wijkzaken", 2.0, 12.0),
    ("Sociaal Domein", 5.0, 28.0),
    ("Subsidies", 7.0, 42.0),
    ("Openbare Ruimte", 6.0, 35.0),
    ("Vergunningen", 10.0, 56.0),
    ("Vastgoed", 21.0, 95.0),
)

# Which departments take which kind of request; advice depends on the main domain.
DEPARTMENTS_FOR = {
    "subsidy": ("Subsidies",),
    "space": ("Vastgoed", "Vastgoed", "Openbare Ruimte"),
    "permit": ("Vergunningen", "Vergunningen", "Openbare Ruimte"),
    "advice": ("Wijkzaken", "Sociaal Domein"),
}
SOCIAL_DOMAINS = ("zorg", "welzijn", "jeugd", "onderwijs")

TREATMENT_TEXTS = (
    "Uw aanvraag is in behandeling bij de afdeling {department}.",
    "Wij hebben uw aanvraag doorgestuurd naar {department}. U hoort binnenkort van ons.",
)
QUESTIONS = (
    "Kunt u een begroting meesturen?",
    "Wij hebben nog een vraag: hoeveel mensen verwacht u?",
    "Wij willen graag een keer langskomen. Wanneer schikt het?",
    "Kunt u een tekening van de plek sturen?",
)
ANSWERS = (
    "De begroting staat in de bijlage.",
    "We verwachten ongeveer veertig mensen.",
    "Dinsdagavond komt ons goed uit.",
    "Een tekening hebben we gestuurd.",
)
DECISION_TEXTS = {
    "granted": (
        "Uw aanvraag is toegekend. Veel succes!",
        "De gemeente steunt uw initiatief. U ontvangt de beschikking per post.",
    ),
    "partly": (
        "Wij kennen een deel toe. Voor de rest kunt u het buurtbudget proberen.",
        "Deels toegekend: de inrichting wel, de huur niet.",
    ),
    "refused": (
        "Helaas past dit niet binnen de regels. De sociaal makelaar denkt graag mee.",
        "Afgewezen: het budget voor dit jaar is op. Probeer het volgend jaar opnieuw.",
    ),
}

EXPERTISE_MOTIVATIONS = (
    "Zet zich al jaren in voor de buurt en kent iedereen.",
    "Heeft drie initiatieven van de grond geholpen.",
    "Weet alles van subsidies en vergunningen.",
    "Kent de weg naar de zorg in de wijk.",
    "Was jarenlang voorzitter van de bewonerscommissie.",
)
CONTRIBUTIONS = (
    "Praat eens met de buurtvereniging: die heeft een ruimte die vaak leeg staat.",
    "Zo'n aanvraag lukte vorig jaar ook bij een ander initiatief. Ik help graag met de tekst.",
    "Let op: in deze buurt wonen veel ouderen. Houd de activiteit overdag.",
    "De woningcorporatie heeft hiervoor een eigen potje. Vraag ernaar bij de wijkconsulent.",
    "Begin klein, met een paar vaste mensen. Dan groeit het vanzelf.",
    "Er is al een vergelijkbaar initiatief in de wijk. Samenwerken scheelt veel werk.",
    "Mijn advies: vraag de vergunning ruim op tijd aan, minstens acht weken van tevoren.",
)
