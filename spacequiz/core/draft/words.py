"""Word lists the fact finder's rules lean on: small, English, and plain data.

Each list answers one question a rule asks about a word next to a name or a number: does it
name a role a person has, a kind of place, organisation, craft or work, a unit, a month?
"""

from __future__ import annotations

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        (
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        ).split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
NUMBER_WORDS |= {"ninety": 90, "hundred": 100, "dozen": 12}

# Words that start sentences or glue them together: never a name on their own.
FUNCTION_WORDS = frozenset(
    """a an the this that these those there here it its he she they we you i his her their
    our my your him them us me and but or nor so yet if when while after before as since
    because although though however incidentally meanwhile moreover also still then later
    now today yesterday tomorrow in on at to for of from by with without into onto upon
    within through throughout across along among between behind beyond against toward
    towards until till once over under around about near during despite unlike like each
    every all both no not some many most few more less other another such what which who
    whom whose where why how is was were are be been being has have had do does did will
    would can could may might must shall should than just only even very too already
    again ago almost nearly some up down out off away back here one""".split()
)

PERSON_TITLES = frozenset(
    """mr mrs ms miss dr doctor sir dame professor prof colonel captain capt general major
    lieutenant sergeant commander admiral president senator governor judge father sister
    brother saint st""".split()
)
ROYAL_TITLES = frozenset("queen king prince princess emperor empress pope lord lady".split())

PERSON_ROLES = frozenset(
    """actress actor director cosmonaut astronaut coach doctor diver divers climber
    mountaineer engineer oceanographer scientist captain pilot president minister
    governor writer author singer player teacher professor chef artist poet journalist
    spokesman spokeswoman spokesperson founder ceo star veteran explorer surgeon nurse
    leader commander chairman chairwoman historian researcher photographer filmmaker
    producer composer musician inventor architect mayor senator officer sailor soldier
    captain skipper navigator guide sherpa beekeeper boss manager footballer athlete
    runner swimmer champion winner king queen prince princess wife husband son daughter
    mother father brother sister friend colleague partner student pupil boy girl man
    woman""".split()
)
PLACE_NOUNS = frozenset(
    """city town village country province region state county district island river lake
    mountain valley cave desert coast port capital area site cosmodrome airport steppes
    sea ocean bay shipyard harbour harbor peninsula continent suburb neighbourhood
    neighborhood street square park resort""".split()
)
ORGANISATION_NOUNS = frozenset(
    """agency company firm institute institution organisation organization team club
    university committee band party council group charity bank airline network ministry
    department navy army union federation association society foundation museum school
    newspaper broadcaster channel studio label publisher startup""".split()
)
CRAFT_NOUNS = frozenset(
    """ship vessel liner submarine sled robot spacecraft rocket capsule shuttle aircraft
    plane airliner boat yacht ferry probe rover satellite telescope train locomotive
    module station lander tanker frigate destroyer carrier""".split()
)
WORK_NOUNS = frozenset(
    """film movie book novel song album play series show documentary opera poem painting
    game magazine programme program musical symphony sculpture memoir biography""".split()
)

ORGANISATION_NAME_WORDS = frozenset(
    """Agency Institute Institution University College Society Company Corporation Corp
    Inc Ltd Committee Council Commission Association Federation Foundation Museum Navy
    Army Force Forces Party Club Team Union Bank Group Department Ministry Office Service
    Services Organisation Organization Academy Board Trust School Airlines Airways Studios
    SEALs SEAL Police Parliament Senate Congress Government""".split()
)
PLACE_NAME_WORDS = frozenset(
    """Mount Mountain Mountains River Lake Sea Ocean Bay Gulf Island Islands Valley Province
    Region County City State Republic Kingdom Cosmodrome Airport Port Park Street Road
    Avenue Square Cave Glacier Desert Strait Peninsula Pole Icefall Canyon Falls Hills
    Forest Coast Atlantic Pacific Arctic Antarctic Cape Harbour Harbor Beach Highlands
    Step Pass Ridge Peak Basin Plateau Reef Channel Land Town Village""".split()
)
CRAFT_PREFIXES = frozenset("RMS HMS USS SS MV HMAS HMCS RV".split())
CRAFT_NAME_WORDS = frozenset("Station Shuttle Telescope Rover Lander Probe".split())

PLACE_PREPOSITIONS = frozenset("in at near across off outside inside towards toward from".split())
WEAK_PLACE_PREPOSITIONS = frozenset("to of".split())
PLACE_OF = frozenset(
    """north south east west north-east south-east north-west south-west northeast southeast
    northwest southwest outskirts coast centre center heart""".split()
)
AWARD_WORDS = frozenset("Medal Prize Award Cup Trophy Order Cross".split())

COUNTRIES = frozenset(
    """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria
    Azerbaijan Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan
    Bolivia Botswana Brazil Brunei Bulgaria Burundi Cambodia Cameroon Canada Chad Chile
    China Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica
    Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia
    Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary
    Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan
    Kazakhstan Kenya Kiribati Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho
    Liberia Libya Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives
    Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro
    Morocco Mozambique Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger Nigeria
    Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland
    Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles Singapore
    Slovakia Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria Taiwan
    Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Turkmenistan Tuvalu Uganda
    Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe Africa
    Antarctica Asia Europe America Oceania Earth Mars Moon Britain England Scotland Wales
    USA US UK UAE USSR""".split()
)

DEMONYMS = frozenset(
    """American British English French German Russian Italian Spanish Chinese Japanese
    Indian Australian Canadian Mexican Brazilian Thai Nepali Nepalese Swiss Dutch Swedish
    Norwegian Danish Finnish Polish Irish Scottish Welsh Greek Turkish Egyptian African
    European Asian Korean Vietnamese Kazakh Ukrainian Soviet Israeli Iranian Iraqi Saudi
    Pakistani Afghan Argentine Argentinian Chilean Peruvian Colombian Cuban Portuguese
    Belgian Austrian Hungarian Czech Romanian Bulgarian Serbian Croatian Filipino
    Indonesian Malaysian Kenyan Nigerian Ethiopian Moroccan Algerian Tunisian Arab Arabic
    Latin Western Eastern Northern Southern Icelandic Hollywood""".split()
)
DEMONYMS = DEMONYMS | {word + "s" for word in DEMONYMS if not word.endswith(("sh", "ch", "ese"))}

SMALL_ADJECTIVES = frozenset(
    """main more other small large big new old young local former extra full whole separate
    different major minor key young older younger senior junior""".split()
)
HEDGES = frozenset(
    """about around some nearly almost roughly approximately over more-than at-least
    up-to fewer-than less-than just-over just-under estimated""".split()
)
TIME_UNITS = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades century centuries".split()
)
MEASURE_UNITS = (
    frozenset(
        """metre metres meter meters kilometre kilometres kilometer kilometers km miles mile
    feet foot inches centimetres millimetres kilograms kilogram kg tonnes tons pounds
    litres liters gallons degrees per-cent percent""".split()
    )
    | TIME_UNITS
)
ABSOLUTE_WORDS = frozenset("always never all none every nobody nothing".split())
