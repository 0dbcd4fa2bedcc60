"""Vocabulary and templates (data only, no logic): sentiment (binary, like SST-2)."""

from __future__ import annotations

# fmt: off
SENT_DOMAINS: dict[str, dict[str, list[str]]] = {
    "movie": {
        "things": [
            "the film", "this movie", "the sequel", "the documentary", "this thriller",
            "the remake", "this comedy", "the animated feature", "the series finale",
        ],
        "aspects": [
            "the acting", "the plot", "the soundtrack", "the pacing", "the dialogue", "the ending",
            "the camera work", "the lead performance", "the script", "the visual effects",
            "the humour", "the supporting cast", "the first act", "the villain", "the costumes",
        ],
        "intro": [
            "watched it at home on a rainy sunday.", "we saw it at the late screening.",
            "i went in with low expectations.", "my sister dragged me to see it.",
            "caught it on a long flight.", "i had waited two years for this one.",
        ],
        "verdict_pos": [
            "i would happily watch it again", "easily one of the best of the year",
            "go see it on the big screen", "worth the ticket price",
        ],
        "verdict_neg": [
            "i want my two hours back", "skip it", "i nearly walked out",
            "wait until it is free, or better, don't",
        ],
    },
    "restaurant": {
        "things": [
            "the place", "this restaurant", "the bistro", "the diner", "this cafe",
            "the noodle bar", "the pizzeria", "this taqueria", "the brunch spot",
        ],
        "aspects": [
            "the food", "the service", "the soup", "the dessert", "the staff", "the portions",
            "the wine list", "our waiter", "the prices", "the music", "the bread", "the curry",
            "the coffee", "the terrace", "the fries",
        ],
        "intro": [
            "we went on a friday night with friends.", "booked a table for a birthday.",
            "popped in for a quick lunch.", "it was our third visit.",
            "a colleague recommended it.", "we ordered takeaway from here.",
        ],
        "verdict_pos": [
            "we will definitely be back", "book a table, you won't regret it",
            "best meal i've had in months", "worth every penny",
        ],
        "verdict_neg": [
            "never again", "we won't be going back", "save your money",
            "there are better places on the same street",
        ],
    },
    "product": {
        "things": [
            "this blender", "the headphones", "this vacuum", "the backpack", "this kettle",
            "these running shoes", "the laptop stand", "this desk lamp", "the electric toothbrush",
            "this phone case", "the air fryer",
        ],
        "aspects": [
            "the battery", "the build quality", "the sound", "the zipper", "the motor",
            "the packaging", "the price", "the instructions", "the charger", "the cable",
            "the handle", "the lid", "the fabric", "the buttons", "the warranty",
        ],
        "intro": [
            "bought it last month after reading a few reviews.", "it was a gift.",
            "i have used it daily for three weeks.", "ordered it on sale.",
            "replaced my old one with this.", "got it for my parents.",
        ],
        "verdict_pos": [
            "would buy again", "highly recommend", "five stars from me", "great value for money",
        ],
        "verdict_neg": ["returning it", "waste of money", "one star", "do not buy"],
    },
    "app": {
        "things": [
            "the app", "this update", "the new version", "this game", "the budgeting app",
            "this photo editor", "the podcast player",
        ],
        "aspects": [
            "the interface", "the login", "the sync", "the notifications", "the dark mode",
            "the loading time", "the search", "the offline mode", "customer support",
            "the tutorial", "the widgets", "the ads",
        ],
        "intro": [
            "i have been using it since the beta.", "installed it on my new phone.",
            "switched from a competitor last week.", "my kids use it every day.",
            "downloaded it for a trip.",
        ],
        "verdict_pos": [
            "deserves every star", "highly recommend", "keeps getting better",
            "worth the subscription",
        ],
        "verdict_neg": [
            "uninstalling", "one star until they fix it", "avoid", "not worth the subscription",
        ],
    },
}


POS_ADJ = [
    "great", "excellent", "wonderful", "superb", "fantastic", "lovely", "brilliant", "solid",
    "delightful", "impressive", "charming", "outstanding", "top-notch", "terrific", "pleasant",
    "gorgeous", "smooth", "reliable", "generous", "flawless", "fun", "sharp", "clever", "spot on",
]


NEG_ADJ = [
    "terrible", "awful", "dreadful", "disappointing", "bland", "clunky", "sloppy", "mediocre",
    "painful", "lousy", "flimsy", "boring", "tedious", "overpriced", "useless", "frustrating",
    "broken", "forgettable", "cheap", "horrible", "dull", "a mess", "a letdown", "weak",
]


INTENS = [
    "", "", "", "really", "very", "truly", "so", "incredibly", "pretty", "quite", "absolutely",
    "genuinely", "seriously",
]


HEDGES = [
    "i guess", "honestly", "to be fair", "i think", "overall", "more or less", "on the whole",
    "if i'm being honest", "all things considered", "in the end",
]


# Negated opposite polarity: "not bad" reads positive, "hardly impressive" negative.
NEGATED_NEG = [
    "not bad at all", "far from boring", "never dull", "not disappointing in the least",
    "anything but bland", "not as bad as people say", "no complaints", "nothing to complain about",
]


NEGATED_POS = [
    "not great", "hardly impressive", "far from excellent", "not exactly brilliant",
    "nowhere near as good as promised", "not worth the hype", "not very good",
    "less than impressive", "not what i hoped for",
]


POS_VERBS = [
    "i loved {a}", "{a} really impressed me", "{a} exceeded my expectations", "{a} won me over",
    "i was blown away by {a}", "{a} made my day", "i can't say enough good things about {a}",
]


NEG_VERBS = [
    "i hated {a}", "{a} let me down", "{a} ruined it for me", "i regret paying for {a}",
    "{a} fell apart quickly", "i could not stand {a}", "{a} ruined the whole experience",
]
# fmt: on
