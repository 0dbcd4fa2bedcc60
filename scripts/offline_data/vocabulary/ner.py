"""Vocabulary and templates (data only, no logic):

ner (BIO token classification, like CoNLL-2003).
"""

from __future__ import annotations

# fmt: off
NER_LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]


FIRST = [
    "Amara", "Tobiah", "Ilsa", "Kwame", "Marisol", "Dariusz", "Yevgenia", "Oluwaseun", "Teodor",
    "Brannoc", "Liesel", "Ravindra", "Zofia", "Emeka", "Thandiwe", "Ingvild", "Matthias", "Anouk",
    "Casimir", "Fenna", "Jovan", "Nkechi", "Radomir", "Wilhelmina", "Xiomara", "Quentin", "Sunniva",
    "Bartholomeus",
]


SURNAMES = [
    ["Okonkwo-Varga"], ["Schwarzenbergerova"], ["Thistlewaite"], ["van", "der", "Holtz"],
    ["Quillfeather"], ["Abernathy-Lund"], ["Marchetti-Oyelaran"], ["Brzezinskowski"],
    ["Halvorsdottir"], ["Nakagawa-Reyes"], ["Pemberwick"], ["Zvonarevicius"], ["Kettleborough"],
    ["Delacroix-Mbeki"], ["Grimsvold"], ["Lindqvist-Adeyemi"], ["de", "la", "Fuentevieja"],
    ["Oyelowo-Strand"], ["Vantongerloo"], ["Mbatha"],
]


ORG_HEADS = [
    "Veltrix", "Quillon", "Harrowgate", "Kestrelmark", "Zantheon", "Lumivale", "Grindlewood",
    "Pellucid", "Varnholt", "Oxbrindle", "Tarnbridge", "Saltmere",
]


ORG_TAILS = [
    ["Dynamics"], ["Systems"], ["Bank"], ["Holdings"], ["Labs"], ["Motors"], ["Foods"],
    ["Insurance"], ["Institute"], ["United"], ["Rovers"], ["Cooperative"], ["Mutual", "Trust"],
    ["Broadcasting", "Corporation"], [],
]


ORG_FIXED = [
    ["Ministry", "of", "Tides"], ["VXQ"], ["Zentrovia"], ["Bureau", "of", "Lanterns"],
    ["Hexagon", "Freight"], ["NordQuill"],
]


LOCS = [
    ["Port", "Ellery"], ["Tarnbridge"], ["Lake", "Oromund"], ["Vaskovia"], ["New", "Haldane"],
    ["Mount", "Kesper"], ["Quarrowfield"], ["Ostermark"], ["Saltmere"], ["Ardenvale"], ["Kilvaros"],
    ["Zarnovo"], ["East", "Pellmoor"], ["Rio", "Calderra"], ["Brindle", "Valley"], ["Gallowmere"],
    ["Isle", "of", "Venn"],
]


MISC_NAT = [
    ["Vaskovian"], ["Ostermarkian"], ["Haldanese"], ["Kilvaran"], ["Zarnovan"], ["Calderran"],
]


MISC_EVENT = [
    ["Tarnbridge", "Marathon"], ["Saltmere", "Film", "Festival"], ["Ardenvale", "Cup"],
    ["Winter", "Lantern", "Games"], ["Kilvaros", "Open"],
]


MISC_PRODUCT = [
    ["Zephyr", "X9"], ["Quillpad", "Pro"], ["Lumivale", "Aero"], ["Hexaphone"], ["Vantablade", "3"],
]


# Names that only the test split uses, so that its entities are all new to the model (as many of
# CoNLL-2003's test names are): the test then measures generalisation, not memory.
HELD_OUT_FIRST = [
    "Ottoline", "Kasimira", "Ayodele", "Bjornar", "Leocadia", "Tamsin", "Ignatius", "Mireille",
    "Obafemi", "Svetozar", "Perpetua", "Hallvard",
]


HELD_OUT_SURNAMES = [
    ["Ashcombe-Nwosu"], ["Kowalczykiewicz"], ["Fairweather"], ["ter", "Borg"],
    ["Oyinlola-Brandt"], ["Rautavaara"], ["Pennyworth"], ["Castellanos-Idowu"], ["Drummelow"],
    ["Szczepanowska"],
]


HELD_OUT_ORG_HEADS = ["Corvantis", "Mirelock", "Stonereach", "Pyrrhane", "Wexmoor", "Aldercrest"]


HELD_OUT_ORG_FIXED = [["Office", "of", "Beacons"], ["QRZ"], ["Marvolia"], ["Quaymark", "Couriers"]]


HELD_OUT_LOCS = [
    ["Port", "Wrenfield"], ["Dunmarrow"], ["Lake", "Sivrenne"], ["Kaltovia"], ["North", "Ambleby"],
    ["Mount", "Orsk"], ["Feldhaven"], ["Isle", "of", "Corrin"], ["Varnesse"],
]


HELD_OUT_MISC_NAT = [["Kaltovian"], ["Varnessian"], ["Dunmarrovian"]]


HELD_OUT_MISC_EVENT = [["Dunmarrow", "Regatta"], ["Feldhaven", "Book", "Fair"], ["Wexmoor", "Derby"]]


HELD_OUT_MISC_PRODUCT = [["Nimbus", "K4"], ["Orbitab", "Max"], ["Glimmerphone"]]


MONTHS = ["January", "March", "April", "June", "July", "September", "October", "December"]


NUMS = ["two", "three", "12", "40", "seven", "250", "1,200", "half a dozen"]


NER_TEMPLATES = [
    "PER , a NAT engineer at ORG , moved to LOC in MONTH .", "PER won the EVENT on Sunday .",
    "ORG said on Tuesday it would open a new office in LOC .",
    "The NAT minister PER met officials from ORG in LOC .",
    "Shares of ORG fell NUM percent after the EVENT .",
    "PER and PER will co-host the EVENT in LOC next MONTH .",
    "ORG launched the PRODUCT , its first phone for the NAT market .",
    "Police in LOC said PER had been released .",
    "PER , who coaches ORG , praised the fans in LOC .",
    "\" We are very proud , \" PER told reporters in LOC .",
    "The PRODUCT sold NUM units in LOC during its first week .",
    "ORG and ORG agreed to merge , PER said .",
    "Flights from LOC to LOC were cancelled because of fog .",
    "PER finished second behind PER at the EVENT .",
    "A NAT court in LOC fined ORG NUM million crowns .",
    "PER joined ORG in MONTH after leaving ORG .", "Thousands gathered in LOC for the EVENT .",
    "Reviewers called the PRODUCT from ORG disappointing .",
    "PER , born in LOC , is the first NAT player to win the EVENT .",
    "The river near LOC flooded NUM homes on Monday .", "ORG hired PER as chief executive .",
    "Dr. PER of ORG studies birds on the LOC coast .",
    "NAT fans cheered as PER scored twice for ORG .", "The weather was cold and windy all week .",
    "Prices rose by NUM percent in MONTH , the report said .",
    "PER said the PRODUCT would reach LOC shops in MONTH .",
    "Talks between ORG and the NAT government ended without a deal .",
    "According to PER , ORG will cut NUM jobs in LOC .",
]
# fmt: on
