"""Vocabulary and templates (data only, no logic): paraphrase (like MRPC) and sts (like STS-B)."""

from __future__ import annotations

# fmt: off
COMPANIES = [
    "Veltrix", "Quillon Systems", "Harrowgate Bank", "Lumivale", "Zantheon Motors",
    "Pellucid Foods", "Varnholt Insurance", "Kestrelmark", "Oxbrindle Freight", "NordQuill",
]


OFFICIALS = [
    "Mayor Ilse Pemberwick", "Finance chief Kwame Mbatha", "Judge Anouk Grimsvold",
    "Minister Teodor Halvorsen", "Coach Fenna Vantongerloo", "Senator Jovan Lindqvist",
]


CITIES = [
    "Port Ellery", "Tarnbridge", "New Haldane", "Quarrowfield", "Saltmere", "Ardenvale", "Kilvaros",
    "Ostermark",
]


DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


QUARTERS = ["the first quarter", "the second quarter", "the third quarter", "the fourth quarter"]


FACILITIES = [
    "the central library", "two primary schools", "the old ferry terminal", "the night market",
    "a children's hospital ward", "the public swimming pool",
]


JOBS = ["120", "300", "450", "800", "1,500", "2,000"]


# Each frame: slot names and several equivalent surface forms.
PARA_FRAMES: list[tuple[list[str], list[str]]] = [
    (
        ["S", "N", "Q"],
        [
            "{S} reported a profit of {N} million dollars in {Q}.",
            "{S} posted a {N} million dollar profit for {Q}.",
            "In {Q}, {S} said it earned {N} million dollars in profit.",
            "{S}'s profit for {Q} came to {N} million dollars.",
        ],
    ),
    (
        ["S", "C"],
        [
            "{S} will open a new factory in {C} next year.",
            "Next year {S} plans to open a new plant in {C}.",
            "A new {S} factory is set to open in {C} next year.",
        ],
    ),
    (
        ["S", "S2", "N"],
        [
            "{S} agreed to buy {S2} for {N} million dollars.",
            "{S} has agreed to acquire {S2} in a {N} million dollar deal.",
            "{S2} will be bought by {S} for {N} million dollars, the companies said.",
        ],
    ),
    (
        ["C", "F", "D"],
        [
            "The council of {C} voted on {D} to close {F}.",
            "On {D}, {C} council members voted to shut {F}.",
            "{C}'s council decided on {D} that {F} will close.",
        ],
    ),
    (
        ["P", "S", "D"],
        [
            "{P} was named chief executive of {S} on {D}.",
            "On {D}, {S} appointed {P} as its new chief executive.",
            "{S} said on {D} that {P} would become its chief executive.",
        ],
    ),
    (
        ["S", "J", "C"],
        [
            "{S} said it will cut {J} jobs at its plant in {C}.",
            "About {J} workers will lose their jobs at the {S} plant in {C}.",
            "{S} plans to eliminate {J} positions at its {C} site.",
        ],
    ),
    (
        ["P", "C", "D"],
        [
            "{P} visited flood victims in {C} on {D}.",
            "On {D}, {P} met residents of {C} affected by the floods.",
            "{P} travelled to flood-hit {C} on {D} to meet victims.",
        ],
    ),
    (
        ["S", "N", "Q"],
        [
            "Sales at {S} rose {N} percent in {Q}.",
            "{S} said its sales grew by {N} percent in {Q}.",
            "In {Q}, sales at {S} were up {N} percent.",
        ],
    ),
    (
        ["C", "N", "D"],
        [
            "Police in {C} arrested {N} people after protests on {D}.",
            "{N} people were arrested by {C} police following {D}'s protests.",
            "After the protests on {D}, officers in {C} detained {N} people.",
        ],
    ),
    (
        ["P", "S"],
        [
            "{P} denied any wrongdoing in the {S} case.",
            "{P} said they had done nothing wrong in the {S} affair.",
            "In the {S} case, {P} rejected all accusations of wrongdoing.",
        ],
    ),
]


EXTRA_INFO = [
    " Analysts had expected more.", " The announcement surprised investors.",
    " Shares rose 3 percent on the news.", " Unions criticised the decision.",
    " The plan still needs approval from regulators.",
]


# STS facets: each option is a list of interchangeable phrasings (synonyms keep the meaning).
STS_FACETS: dict[str, list[list[str]]] = {
    "subject": [
        ["a man", "a guy"], ["a woman", "a lady"], ["a child", "a kid"],
        ["two dogs", "a pair of dogs"], ["an old farmer", "an elderly farmer"],
        ["a group of students", "several students"], ["a cat", "a kitten"],
        ["the chef", "the cook"],
    ],
    "action": [
        ["is slicing", "is cutting"], ["is carrying", "is holding"],
        ["is painting", "is colouring"], ["is washing", "is cleaning"],
        ["is chasing", "is running after"], ["is selling", "is trying to sell"],
        ["is kicking", "is booting"], ["is photographing", "is taking a picture of"],
    ],
    "object": [
        ["a tomato", "a red tomato"], ["a ball", "a football"], ["a wooden fence", "a fence"],
        ["a bicycle", "a bike"], ["some bread", "a loaf of bread"], ["a car", "an automobile"],
        ["a large box", "a big box"], ["a kite", "a paper kite"],
    ],
    "place": [
        ["in a kitchen", "inside a kitchen"], ["on a beach", "at the seaside"],
        ["in a park", "in a public garden"], ["on a street", "on a road"],
        ["in a barn", "inside a barn"], ["at a market", "at a street market"],
    ],
    "time": [
        ["in the morning", "early in the day"], ["at night", "after dark"],
        ["in the rain", "while it rains"], ["on a sunny day", "under a bright sun"],
    ],
}


STS_WEIGHTS = {"subject": 1.2, "action": 1.4, "object": 1.0, "place": 0.8, "time": 0.6}
# fmt: on
