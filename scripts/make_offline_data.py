"""Generate the small, synthetic, offline datasets the course trains on in CI.

Every task is built by its own ``build_<task>`` function from a fixed ``random.Random(seed)``,
from vocabulary and templates written for this course (nothing is copied from an existing
dataset). Running the script rewrites, byte for byte identically every time:

* ``course_lib/data/offline/<task>/{train,validation,test}.jsonl``
* ``course_lib/data/offline/<task>/meta.json``
* ``course_lib/data/DATASHEET.md``
* ``instructor/challenge/reviews_test.jsonl``: the challenge's labelled test split, kept with the
  instructor material instead of the package so that the released exercise does not ship it.

Usage::

    python scripts/make_offline_data.py           # (re)write all files
    python scripts/make_offline_data.py --check   # exit 1 if the committed files differ

Design notes (see the datasheet for the full story):

* no text (lower-cased, whitespace-normalised) appears twice in a task, within or across splits;
* each split gets an exact label plan (so class balance is the same every run) and a fixed share
  of deliberately wrong labels ("label noise") so that no model reaches 100 %;
* surface noise (lower-casing, typos, missing or doubled punctuation) and a long tail of long
  texts make length histograms and truncation meaningful.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "course_lib" / "data"
OFFLINE_DIR = DATA_DIR / "offline"
DATASHEET = DATA_DIR / "DATASHEET.md"
# Splits that are graded, not taught: written outside course_lib (see the module docstring).
HIDDEN_SPLITS = {("reviews", "test"): ROOT / "instructor" / "challenge" / "reviews_test.jsonl"}
SPLITS = ("train", "validation", "test")
BASE_SEED = 20250601

Row = dict[str, Any]

# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def norm_key(text: str) -> str:
    """Lower-case and collapse whitespace: two texts with the same key count as duplicates."""
    return " ".join(text.lower().split())


def tidy(text: str) -> str:
    """Collapse spaces and remove spaces before punctuation."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    return text


def cap(text: str) -> str:
    """Upper-case the first character only."""
    return text[:1].upper() + text[1:] if text else text


def pick(rng: Random, items: Sequence[Any]) -> Any:
    return items[rng.randrange(len(items))]


def typo(rng: Random, text: str) -> str:
    """Introduce one keyboard-style typo (swap, drop or double a letter) in a longer word."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 4]
    if not candidates:
        return text
    i = pick(rng, candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1:
        w = w[:j] + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def surface_noise(
    rng: Random, text: str, p_lower: float = 0.3, p_typo: float = 0.15, p_punct: float = 0.3
) -> str:
    """Casual-writing noise: lower-casing, a typo, dropped or exaggerated final punctuation."""
    if rng.random() < p_typo:
        text = typo(rng, text)
    if rng.random() < p_lower:
        text = text.lower()
    if rng.random() < p_punct and text and text[-1] in ".!?":
        text = text[:-1] + pick(rng, ["", "!!", "...", "!", " !", "."])
    return text.strip()


def plan_labels(rng: Random, counts: Sequence[int]) -> list[int]:
    """A shuffled list with exactly ``counts[k]`` copies of label ``k``."""
    labels = [k for k, c in enumerate(counts) for _ in range(c)]
    rng.shuffle(labels)
    return labels


def split_counts(n: int, fractions: Sequence[float]) -> list[int]:
    """Integer counts summing to ``n`` that follow ``fractions`` (largest remainder)."""
    raw = [n * f for f in fractions]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda k: (counts[k] - raw[k], k))
    for k in order[: n - sum(counts)]:
        counts[k] += 1
    return counts


def noisy_indices(rng: Random, n: int, rate: float) -> set[int]:
    """Exactly ``round(n * rate)`` row indices that receive a deliberately wrong label."""
    return set(rng.sample(range(n), round(n * rate)))


def unique(
    rng: Random, seen: set[str], make: Callable[[], tuple[Row, str]], tries: int = 400
) -> Row:
    """Call ``make`` until it returns a row whose key is new to the task; record the key."""
    for _ in range(tries):
        row, key = make()
        key = norm_key(key)
        if key and key not in seen:
            seen.add(key)
            return row
    raise RuntimeError("generator ran out of unique texts; add vocabulary or templates")


# --------------------------------------------------------------------------------------------
# 1. sentiment (binary, like SST-2)
# --------------------------------------------------------------------------------------------

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


def is_plural(noun_phrase: str) -> bool:
    """Rough number agreement for our own vocabulary: plural heads end in -s."""
    head = noun_phrase.split()[-1]
    return head.endswith("s") and not head.endswith(("ss", "us")) and head not in ("series", "news")


def be(noun_phrase: str, past: bool = False) -> str:
    if is_plural(noun_phrase):
        return "were" if past else "are"
    return "was" if past else "is"


def sent_clause(rng: Random, dom: dict[str, list[str]], pol: int, avoid: str = "") -> str:
    """One evaluative clause of polarity ``pol`` (1 positive, 0 negative)."""
    a = pick(rng, [x for x in dom["aspects"] + dom["things"] if x != avoid])
    style = rng.randrange(10)
    if style < 5:
        adj = pick(rng, POS_ADJ if pol else NEG_ADJ)
        if is_plural(a) and adj.startswith("a "):
            adj = pick(rng, ["disappointing", "weak", "dull"])
        verb = pick(rng, [be(a), be(a, True), "felt", "seemed"])
        inten = pick(rng, INTENS) if not adj.startswith("a ") else ""
        return f"{a} {verb} {inten} {adj}"
    if style < 8:
        return pick(rng, POS_VERBS if pol else NEG_VERBS).format(a=a)
    return f"{a} {be(a, rng.random() < 0.5)} {pick(rng, NEGATED_NEG if pol else NEGATED_POS)}"


def sentiment_text(rng: Random, pol: int) -> str:
    """A review whose overall polarity is ``pol``; structure varies from terse to long."""
    dom = SENT_DOMAINS[pick(rng, list(SENT_DOMAINS))]
    shape = rng.random()
    if shape < 0.22:  # short and plain
        text = cap(sent_clause(rng, dom, pol)) + "."
    elif shape < 0.42:  # contrast: the clause after "but" carries the verdict
        first = sent_clause(rng, dom, 1 - pol)
        second = sent_clause(rng, dom, pol)
        joiner = pick(rng, [", but", ", but honestly", " but", ", however", ", yet", ". still,"])
        text = cap(f"{first}{joiner} {second}") + "."
        if rng.random() < 0.3:
            text = cap(f"although {first}, {second}") + "."
    elif shape < 0.55:  # hedged
        text = cap(f"{pick(rng, HEDGES)}, {sent_clause(rng, dom, pol)}") + "."
    elif shape < 0.68:  # two agreeing clauses
        a = sent_clause(rng, dom, pol)
        b = sent_clause(rng, dom, pol, avoid=a.split(" ")[0] + " " + a.split(" ")[1])
        text = cap(f"{a} and {b}") + pick(
            rng, [".", "!", ". " + pick(rng, dom["verdict_pos" if pol else "verdict_neg"]) + "."]
        )
    elif shape < 0.80:  # verdict first
        verdict = pick(rng, dom["verdict_pos" if pol else "verdict_neg"])
        text = cap(f"{verdict}. {sent_clause(rng, dom, pol)}") + "."
    elif shape < 0.91:  # medium: intro + clause + verdict
        verdict = pick(rng, dom["verdict_pos" if pol else "verdict_neg"])
        text = (
            cap(pick(rng, dom["intro"])) + " " + cap(sent_clause(rng, dom, pol)) + f", {verdict}."
        )
    else:  # long tail: a rambling mixed review that lands on ``pol``
        parts = [cap(pick(rng, dom["intro"]))]
        for _ in range(rng.randint(4, 9) if rng.random() < 0.7 else rng.randint(10, 14)):
            p = pol if rng.random() < 0.6 else 1 - pol
            parts.append(
                cap(sent_clause(rng, dom, p)) + pick(rng, [".", ".", "!", ", to be honest."])
            )
        if rng.random() < 0.5:
            parts.append(cap(pick(rng, dom["intro"])))
        parts.append(cap(f"{pick(rng, HEDGES)}, {sent_clause(rng, dom, pol)}") + ".")
        parts.append(cap(pick(rng, dom["verdict_pos" if pol else "verdict_neg"])) + ".")
        text = " ".join(parts)
    return surface_noise(rng, tidy(text))


def build_sentiment(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 400, "validation": 100, "test": 100}
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():
        counts = split_counts(n, [0.45, 0.55])
        labels = plan_labels(rng, counts)
        flips = noisy_indices(rng, n, 0.03)
        rows = []
        for i, y in enumerate(labels):
            pol = 1 - y if i in flips else y

            def make(pol: int = pol, y: int = y) -> tuple[Row, str]:
                s = sentiment_text(rng, pol)
                return {"sentence": s, "label": y}, s

            rows.append(unique(rng, seen, make))
        out[split] = rows
    meta = {
        "task_type": "binary",
        "text_columns": ["sentence"],
        "label_column": "label",
        "label_names": ["negative", "positive"],
        "hub_equivalent": "stanfordnlp/sst2",
        "label_noise_rate": 0.03,
    }
    return out, meta


# --------------------------------------------------------------------------------------------
# 2. intents (imbalanced multi-class, like banking77 with 10 classes)
# --------------------------------------------------------------------------------------------

# fmt: off
INTENT_NAMES = [
    "check_balance", "card_lost", "transfer_money", "refund_request", "track_order", "cancel_order",
    "change_address", "reset_password", "update_payment", "close_account",
]
# fmt: on
# Per-split class counts, in INTENT_NAMES order. Largest (track_order) vs smallest two
# (change_address, close_account): 145 / 9 = 16:1 in train.
INTENT_COUNTS = {
    "train": [90, 25, 70, 55, 145, 45, 9, 35, 17, 9],
    "validation": [27, 7, 21, 17, 43, 13, 4, 10, 4, 4],
    "test": [27, 7, 21, 17, 43, 13, 4, 10, 4, 4],
}
# fmt: off
ITEMS = [
    "blender", "pair of sneakers", "desk lamp", "phone case", "coffee grinder", "rain jacket",
    "yoga mat", "kettle", "set of headphones", "backpack", "board game", "wool scarf", "monitor",
    "garden hose", "toaster", "bike helmet",
]
ACCOUNTS = [
    "checking account", "savings account", "joint account", "current account", "business account",
    "account", "travel wallet",
]
PEOPLE = [
    "Marta", "my landlord", "my brother", "Tobias", "Priya", "my flatmate", "Oskar", "my mum",
    "Ilse", "the plumber", "Jun", "Amadou",
]
STREETS = [
    "14 Fernhill Road", "22B Quarry Lane", "7 Lindqvist Street", "301 Marrow Avenue",
    "9 Old Tannery Court", "55 Heron Way", "18 Bellweather Close",
]
CARDS = ["debit card", "credit card", "card", "bank card", "visa card", "contactless card"]
PLACES = [
    "a bar", "the gym", "the train", "a taxi", "the supermarket", "a restaurant", "the airport",
]

INTENT_TEMPLATES: dict[str, list[str]] = {
    "check_balance": [
        "what's my current balance", "how much money do i have in my {acct}",
        "can you tell me the balance on my {acct}", "i want to see how much is left in my {acct}",
        "show me my available funds", "has my salary arrived? i need to check my balance",
        "how much can i still spend this month", "balance for the account ending {digits}",
        "what is the remaining amount on my {acct}", "how do i see my balance in the app",
        "is there enough in my {acct} to cover {amount}", "what's left on my {acct} after rent",
        "the balance screen shows nothing, how much do i have", "quick balance check please",
        "my balance looks wrong after the transfer, what is it actually",
    ],
    "card_lost": [
        "i lost my {card}", "my {card} was stolen", "i can't find my {card} anywhere",
        "someone took my wallet with my {card} in it", "please block my {card}, it's missing",
        "i left my {card} at {place} and now it's gone", "freeze my {card}, i think i dropped it",
        "my {card} got stolen at {place}, i need a replacement",
        "i need a new card because mine is lost",
        "there are payments i don't recognise and my {card} is missing",
        "the atm swallowed my {card} and did not give it back", "lost card, please cancel it",
        "block my {card} and send a new one, it was stolen from my bag",
    ],
    "transfer_money": [
        "send {amount} to {person}", "transfer {amount} from my savings to my checking account",
        "how do i send money abroad", "i want to pay {person} back {amount}",
        "move {amount} to my {acct}", "set up a monthly transfer of {amount} to {person}",
        "can i transfer money to someone at another bank", "wire {amount} to {person} today",
        "why is my transfer to {person} still pending", "split the bill and send {person} {amount}",
        "what's the limit for a transfer to another account",
        "did my transfer to {person} go through? my balance looks the same",
    ],
    "refund_request": [
        "i want my money back for order {order}",
        "i returned the {item} two weeks ago and still no refund",
        "please refund the {amount} you charged me", "the {item} arrived broken, i'd like a refund",
        "where is my refund for order {order}",
        "i was charged twice for order {order}, refund the duplicate",
        "i cancelled order {order} last week but haven't got my money back",
        "the {item} is not what was advertised, i want a refund",
        "how long does a refund take after the return is received",
        "you charged {amount} for an item that never arrived, give my money back",
        "can i get a refund on the {item} if i already opened it",
        "order {order} was cancelled but the {amount} is still on my statement",
    ],
    "track_order": [
        "where is my order {order}", "has my {item} shipped yet",
        "tracking number for order {order}?", "my package was supposed to arrive {day}",
        "when will my {item} be delivered", "order {order} still says processing",
        "the tracking page hasn't updated for days", "is order {order} out for delivery",
        "the courier says delivered but i have no {item}", "how long until my {item} gets here",
        "can you check the delivery status of {order}", "my {item} is late, where is it",
        "my parcel went to my old address, where is it now",
        "which courier is bringing order {order}",
    ],
    "cancel_order": [
        "cancel order {order}", "i ordered the wrong {item}, please cancel it before it ships",
        "i changed my mind about the {item}, stop the order",
        "can i still cancel my order? it hasn't shipped", "please don't send order {order}",
        "cancel my order and refund me, i found it cheaper elsewhere",
        "i placed order {order} twice by mistake, cancel one of them",
        "how do i cancel an order i placed an hour ago",
        "stop order {order}, i no longer need the {item}", "cancel the {item} from my last order",
        "i want to cancel order {order} and get my money back",
    ],
    "change_address": [
        "i moved, please update my address",
        "change the shipping address for order {order} to {street}", "my new address is {street}",
        "update my home address on file", "wrong address on my account, it should be {street}",
        "send order {order} to {street} instead", "how do i change my delivery address",
    ],
    "reset_password": [
        "i forgot my password", "can't log in, i need to reset my password",
        "the password reset link never arrived", "i'm locked out after too many attempts",
        "how do i change my password", "the reset code says it expired",
        "my password stopped working after the update", "reset my password please, i can't sign in",
        "i don't remember my login details",
    ],
    "update_payment": [
        "i got a new {card} and need to update it in my account", "change the card on file",
        "my {card} expired, how do i add the new one",
        "replace my payment method with my new {card}", "remove my old card and use paypal instead",
        "update the billing details for my subscription",
        "the payment failed because my card changed, where do i update it",
        "add a new {card} as the default payment method",
        "my old card was lost so i need to add the replacement to my account",
    ],
    "close_account": [
        "i want to close my account", "delete my account and all my data",
        "how do i cancel my membership and close the account", "please shut down my {acct}",
        "i'm leaving, close everything",
        "close my {acct} and send the remaining balance to {person}",
        "remove my profile permanently",
    ],
}
CHAT_CONTEXT = [
    "ordered a lamp last week. ", "just moved house and ", "i have a new phone and ",
    "after the app update ", "my card works fine but ", "got my refund for the last one, now ",
]
CHAT_OPENERS = ["", "", "", "hi ", "hey ", "hello, ", "hi there, ", "um ", "quick question: "]
CHAT_CLOSERS = ["", "", "", " pls", " please", " thanks", " asap", " thx", "??", " help"]
EMAIL_OPENERS = ["Hello,", "Dear support team,", "Hi,", "Good morning,", "To whom it may concern,"]
EMAIL_CLOSERS = ["Thanks,", "Kind regards,", "Best,", "Many thanks,", "Regards,"]
EMAIL_SIGN = ["Marta", "J. Okafor", "Tobias", "Priya S.", "Lena", "Dan", "Amadou", "Rosa B."]
EMAIL_STORIES = [
    "I have been a customer for several years and this is the first time I write to you.",
    "I already tried the help pages but could not find an answer.",
    "I called yesterday but the line was busy for forty minutes.",
    "I'm travelling this week so email is the easiest way to reach me.",
    "This is quite urgent for me, so I would appreciate a quick reply.",
    "My previous message did not get a response, so I am writing again.",
    "I have attached a screenshot in case it helps.",
    "I recently moved house, so things are a bit chaotic.",
    "Last month I also had a problem with a card payment, which you solved quickly.",
    "I placed a couple of orders this week.",
    "My password was reset by your team last year, so I know you are helpful.",
    "I check my balance in the app most days.",
    "I was refunded for a different order before without any trouble.",
]
APP_PREFIX = ["", "", "[in-app] ", "Help form: ", "Topic: other. ", "Support request - "]
# fmt: on


def intent_core(rng: Random, intent: str) -> str:
    t = pick(rng, INTENT_TEMPLATES[intent])
    return t.format(
        acct=pick(rng, ACCOUNTS),
        digits=f"{rng.randrange(1000, 9999)}",
        amount=pick(rng, ["$", "£", "€"])
        + f"{rng.randrange(5, 900)}"
        + pick(rng, ["", ".50", ".00"]),
        person=pick(rng, PEOPLE),
        card=pick(rng, CARDS),
        place=pick(rng, PLACES),
        order=pick(rng, ["#", "", "no. ", "A-"]) + f"{rng.randrange(10000, 99999)}",
        item=pick(rng, ITEMS),
        street=pick(rng, STREETS),
        day=pick(rng, ["yesterday", "on monday", "last week", "two days ago", "by friday"]),
    )


def intent_text(rng: Random, intent: str, source: str) -> str:
    core = intent_core(rng, intent)
    if source == "chat":
        context = pick(rng, CHAT_CONTEXT) if rng.random() < 0.2 else ""
        text = pick(rng, CHAT_OPENERS) + context + core + pick(rng, CHAT_CLOSERS)
        return surface_noise(rng, tidy(text), p_lower=0.8, p_typo=0.3)
    if source == "app":
        text = pick(rng, APP_PREFIX) + cap(core) + pick(rng, ["", ".", "", "?"])
        return surface_noise(rng, tidy(text), p_lower=0.2, p_typo=0.1)
    body = [pick(rng, EMAIL_OPENERS), cap(core) + pick(rng, [".", ".", "?"])]
    n_story = 0 if rng.random() < 0.5 else rng.randint(1, 2 if rng.random() < 0.8 else 5)
    stories = rng.sample(EMAIL_STORIES, min(n_story, len(EMAIL_STORIES)))
    if stories:
        body[1:1] = stories[:1]
        body.extend(stories[1:])
    if rng.random() < 0.2:
        body.append("To repeat: " + intent_core(rng, intent) + ".")
    body += [pick(rng, EMAIL_CLOSERS), pick(rng, EMAIL_SIGN)]
    return surface_noise(rng, tidy(" ".join(body)), p_lower=0.05, p_typo=0.1, p_punct=0.0)


def build_intents(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split in SPLITS:
        labels = plan_labels(rng, INTENT_COUNTS[split])
        flips = noisy_indices(rng, len(labels), 0.03)
        rows = []
        for i, y in enumerate(labels):
            src_intent = y
            if i in flips:
                src_intent = pick(rng, [k for k in range(len(INTENT_NAMES)) if k != y])
            source = pick(rng, ["chat"] * 9 + ["email"] * 6 + ["app"] * 5)

            def make(y: int = y, s: int = src_intent, source: str = source) -> tuple[Row, str]:
                t = intent_text(rng, INTENT_NAMES[s], source)
                return {"text": t, "label": y, "source": source}, t

            rows.append(unique(rng, seen, make))
        out[split] = rows
    train = INTENT_COUNTS["train"]
    meta = {
        "task_type": "multiclass",
        "text_columns": ["text"],
        "label_column": "label",
        "label_names": INTENT_NAMES,
        "hub_equivalent": "PolyAI/banking77",
        "extra_columns": ["source"],
        "label_noise_rate": 0.03,
        "imbalance_ratio_train": round(max(train) / min(train), 2),
    }
    return out, meta


# --------------------------------------------------------------------------------------------
# 3. moderation (multi-label, like civil_comments thresholded to multi-hot)
# --------------------------------------------------------------------------------------------

# fmt: off
MOD_LABELS = ["toxic", "insult", "threat", "obscene", "identity_attack"]
TOWNS = [
    "Brindlemoor", "Quarrow", "Little Fennick", "Oxhollow", "Tarnby", "Wexmere", "Gallowmere",
    "Saltcombe Vale",
]
TOPICS = [
    "the new bus timetable", "this recipe", "the match last night", "the video",
    "the council's parking plan", "the library renovation", "this phone", "the final boss",
    "the article", "the bake sale", "the cycling lane", "season two",
]
SWEARS = ["darn", "frickin", "bloody", "flipping", "dang", "fudging", "blasted", "freaking"]
INSULT_NOUNS = [
    "muppet", "nitwit", "dimwit", "clown", "buffoon", "goober", "nincompoop", "doofus", "numpty",
    "walnut", "turnip", "weasel", "knucklehead", "dingbat",
]
INSULT_ADJS = [
    "clueless", "brainless", "spineless", "pathetic", "useless", "half-baked", "dim", "witless",
    "smug", "absolute",
]

CLEAN = [
    "great video, thanks for sharing", "i disagree with the point about {topic}, but fair enough",
    "the meeting about {topic} is on thursday at 7", "does anyone know if {topic} is still on?",
    "{topic} was better than i expected", "i'll find you the link to {topic} later",
    "we destroyed them in the pub quiz last night lol",
    "people from {town} are always so welcoming", "this recipe is killer, the kids loved it",
    "not sure i agree, but thanks for explaining", "could you post the source for that?",
    "my grandad grew up in {town}, lovely place", "{topic} needs more bike racks, in my opinion",
    "the final boss took me ages, so satisfying", "that's a fair criticism of {topic}",
    "first time commenting, long time reader", "honestly {topic} made me laugh out loud",
    "can we keep this thread on topic please", "i think both sides have a point here",
    "the photos of {town} are stunning", "you make a good point about {topic}",
    "welcome to the forum, glad you joined", "thanks, that fixed it for me",
    "is {topic} available in {town} yet?", "what a match, both teams played their hearts out",
    "i stupidly forgot my umbrella again",
]
TOXIC_ONLY = [
    "this is the dumbest thing i've read all week", "what a load of rubbish",
    "nobody cares about your opinion on {topic}", "shut up already", "absolute garbage take",
    "{topic} is trash and so is this thread", "get lost, nobody asked", "this comment is brain rot",
    "worst take on {topic} i've ever seen, delete it", "go away and stop posting",
]
INSULTS = [
    "you {adj} {noun}", "what a {adj} {noun}", "only a {adj} {noun} would say that",
    "you're a {noun}, plain and simple", "listen here, you {noun}", "typical {noun} behaviour",
    "{noun}s like you ruin every thread",
]
THREATS = [
    "you'll regret this, i'll find you", "keep talking and see what happens to you",
    "i know where you live, watch your back", "i'm coming for you after the match",
    "one more word and you'll be sorry", "say that again and you'll regret it",
    "wait till i catch you outside",
]
IDENTITY = [
    "people from {town} are all idiots", "everyone from {town} is a liar",
    "{town} folk shouldn't be allowed to post here", "never trust anyone from {town}",
    "people from {town} are the worst, every single one",
    "of course it's someone from {town} again",
]
OBSCENE_OK = [
    "that goal was {swear} brilliant", "{swear} hell, this cake is amazing",
    "{swear} good news about {topic}", "that was a {swear} close call",
]
# (labels multi-hot, fraction of rows)
MOD_CATEGORIES: list[tuple[tuple[int, ...], float]] = [
    ((0, 0, 0, 0, 0), 0.57), ((1, 0, 0, 0, 0), 0.1), ((1, 1, 0, 0, 0), 0.11),
    ((1, 0, 0, 1, 0), 0.07), ((1, 1, 0, 1, 0), 0.06), ((1, 0, 1, 0, 0), 0.025),
    ((1, 1, 1, 0, 0), 0.015), ((1, 0, 0, 0, 1), 0.025), ((1, 1, 0, 0, 1), 0.015),
    ((0, 0, 0, 1, 0), 0.01),
]
# fmt: on


def mod_fill(rng: Random, template: str) -> str:
    return template.format(
        topic=pick(rng, TOPICS),
        town=pick(rng, TOWNS),
        swear=pick(rng, SWEARS),
        adj=pick(rng, INSULT_ADJS),
        noun=pick(rng, INSULT_NOUNS),
    )


def moderation_text(rng: Random, labels: tuple[int, ...]) -> str:
    toxic, insult, threat, obscene, identity = labels
    parts: list[str] = []
    if not toxic:
        parts.append(mod_fill(rng, pick(rng, OBSCENE_OK if obscene else CLEAN)))
        if rng.random() < 0.3:
            parts.append(mod_fill(rng, pick(rng, CLEAN)))
    else:
        if identity:
            parts.append(mod_fill(rng, pick(rng, IDENTITY)))
        if threat:
            parts.append(mod_fill(rng, pick(rng, THREATS)))
        if insult:
            parts.append(mod_fill(rng, pick(rng, INSULTS)))
        if not (identity or threat or insult) or rng.random() < 0.3:
            parts.append(mod_fill(rng, pick(rng, TOXIC_ONLY)))
        rng.shuffle(parts)
        if obscene:
            i = rng.randrange(len(parts))
            sw = pick(rng, SWEARS)
            if rng.random() < 0.5:
                parts[i] = f"what the {pick(rng, ['frick', 'heck', 'flip'])}, " + parts[i]
            else:
                words = parts[i].split()
                j = rng.randrange(len(words))
                parts[i] = " ".join(words[:j] + [sw] + words[j:])
        if rng.random() < 0.3:  # toxic reply to an otherwise ordinary comment
            parts.insert(0, mod_fill(rng, pick(rng, CLEAN)) + pick(rng, [", and", ". but", "."]))
    if rng.random() < 0.07:  # long rant or long friendly post
        extra = rng.sample(CLEAN, rng.randint(4, 8))
        parts = (
            [mod_fill(rng, e) for e in extra[:2]] + parts + [mod_fill(rng, e) for e in extra[2:]]
        )
    text = ". ".join(p.rstrip(".") for p in parts) + pick(rng, [".", "!", "", "!!", "."])
    p_upper = 0.15 if toxic else 0.02
    if rng.random() < p_upper:
        text = text.upper()
    elif rng.random() < 0.5:
        text = cap(text)
    return surface_noise(rng, tidy(text), p_lower=0.2, p_typo=0.15, p_punct=0.1)


def build_moderation(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 500, "validation": 150, "test": 150}
    cats = [c for c, _ in MOD_CATEGORIES]
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():
        plan = plan_labels(rng, split_counts(n, [f for _, f in MOD_CATEGORIES]))
        flips = noisy_indices(rng, n, 0.02)
        rows = []
        for i, k in enumerate(plan):
            text_labels = cats[k]
            labels = list(text_labels)
            if i in flips:  # annotator error: a missed label, or an over-flagged clean row
                positives = [j for j, v in enumerate(labels) if v]
                if positives:
                    labels[pick(rng, positives)] = 0
                else:
                    labels[0] = 1

            def make(tl: tuple[int, ...] = text_labels, lab: list[int] = labels) -> tuple[Row, str]:
                t = moderation_text(rng, tl)
                return {"text": t, "labels": list(lab)}, t

            rows.append(unique(rng, seen, make))
        out[split] = rows
    meta = {
        "task_type": "multilabel",
        "text_columns": ["text"],
        "label_column": "labels",
        "label_names": MOD_LABELS,
        "hub_equivalent": "google/civil_comments",
        "label_noise_rate": 0.02,
    }
    return out, meta


# --------------------------------------------------------------------------------------------
# 4. ner (BIO token classification, like CoNLL-2003)
# --------------------------------------------------------------------------------------------

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


def ner_entity(rng: Random, slot: str) -> tuple[list[str], str]:
    if slot == "PER":
        first, last = pick(rng, FIRST), pick(rng, SURNAMES)
        r = rng.random()
        if r < 0.15:
            return list(last) if last[0][0].isupper() else [first, *last], "PER"
        if r < 0.3:
            return [first, f"{chr(65 + rng.randrange(26))}.", *last], "PER"
        return [first, *last], "PER"
    if slot == "ORG":
        if rng.random() < 0.25:
            return list(pick(rng, ORG_FIXED)), "ORG"
        return [pick(rng, ORG_HEADS), *pick(rng, ORG_TAILS)], "ORG"
    if slot == "LOC":
        return list(pick(rng, LOCS)), "LOC"
    if slot == "NAT":
        return list(pick(rng, MISC_NAT)), "MISC"
    if slot == "EVENT":
        return list(pick(rng, MISC_EVENT)), "MISC"
    return list(pick(rng, MISC_PRODUCT)), "MISC"


def ner_sentence(rng: Random) -> tuple[list[str], list[int]]:
    n_clauses = 1 if rng.random() < 0.85 else 2
    tokens: list[str] = []
    tags: list[int] = []
    for _ in range(n_clauses):
        template = pick(rng, NER_TEMPLATES).split()
        for w in template:
            if w in ("PER", "ORG", "LOC", "NAT", "EVENT", "PRODUCT"):
                ent, typ = ner_entity(rng, w)
                tokens += ent
                tags += [NER_LABELS.index(f"B-{typ}")] + [NER_LABELS.index(f"I-{typ}")] * (
                    len(ent) - 1
                )
            else:
                word = (
                    pick(rng, MONTHS)
                    if w == "MONTH"
                    else pick(rng, NUMS).split()
                    if w == "NUM"
                    else w
                )
                words = word if isinstance(word, list) else [word]
                tokens += words
                tags += [0] * len(words)
    for i in range(len(tokens) - 1):  # "a Ostermarkian" -> "an Ostermarkian"
        if tokens[i].lower() == "a" and tokens[i + 1][0].lower() in "aeiou":
            tokens[i] += "n"
    return tokens, tags


def build_ner(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 400, "validation": 100, "test": 100}
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():

        def make() -> tuple[Row, str]:
            toks, tags = ner_sentence(rng)
            return {"tokens": toks, "ner_tags": tags}, " ".join(toks)

        out[split] = [unique(rng, seen, make) for _ in range(n)]
    meta = {
        "task_type": "token",
        "text_columns": ["tokens"],
        "label_column": "ner_tags",
        "label_names": NER_LABELS,
        "hub_equivalent": "eriktks/conll2003",
        "tagging_scheme": "IOB2",
    }
    return out, meta


# --------------------------------------------------------------------------------------------
# 5. nli (3-way, like MNLI)
# --------------------------------------------------------------------------------------------

# agent text, generalisations (entailed), incompatible agents (contradiction), pronoun subject
# fmt: off
NLI_AGENTS: list[tuple[str, list[str], list[str]]] = [
    (
        "a young woman in a red coat", ["a woman", "a person", "someone", "a woman in a coat"],
        ["a man", "an old man", "a little boy"],
    ),
    (
        "an elderly man with a cane", ["a man", "an old man", "a person", "someone"],
        ["a young girl", "a teenage girl", "a woman"],
    ),
    (
        "two boys in school uniforms", ["two children", "some kids", "two boys"],
        ["two girls", "a woman", "an old man"],
    ),
    (
        "a chef in a white apron", ["a chef", "a cook", "a person in an apron", "someone"],
        ["a firefighter", "a pilot", "a dentist"],
    ),
    (
        "a group of teenagers", ["some teenagers", "several young people", "a group of people"],
        ["a single old woman", "a lone toddler"],
    ),
    (
        "a woman with curly hair", ["a woman", "a person", "someone with curly hair"],
        ["a bald man", "a boy"],
    ),
    (
        "a tall man in a suit", ["a man", "a man in a suit", "a person", "someone"],
        ["a short woman in a dress", "a girl"],
    ),
    (
        "a little girl", ["a girl", "a child", "a kid", "someone"],
        ["an adult man", "an old woman", "a teenage boy"],
    ),
    (
        "three nurses", ["some nurses", "three people", "a few medical workers"],
        ["three soldiers", "a single pilot"],
    ),
    (
        "a street musician", ["a musician", "a performer", "a person", "someone"],
        ["a bus driver", "a police officer"],
    ),
]
# action, generalisations, incompatible actions, place options
NLI_ACTIONS: list[tuple[str, list[str], list[str], list[str]]] = [
    (
        "is feeding ducks", ["is feeding birds", "is feeding animals", "is near some ducks"],
        ["is sleeping", "is chasing the ducks away", "is driving a truck"],
        ["at the lake", "in the park", "by the river"],
    ),
    (
        "is repairing a bicycle",
        ["is fixing a bike", "is working on a bike", "is repairing something"],
        ["is sleeping", "is swimming", "is riding a horse"],
        ["in a garage", "on the sidewalk", "outside a shop"],
    ),
    (
        "is playing the violin",
        ["is playing an instrument", "is making music", "is holding a violin"],
        ["is sleeping", "is eating soup", "is silent"],
        ["on a street corner", "in a subway station", "in a park"],
    ),
    (
        "is cooking pasta", ["is cooking", "is preparing food", "is making a meal"],
        ["is sleeping", "is skiing", "is painting a fence"],
        ["in a small kitchen", "in a restaurant kitchen", "at a food stall"],
    ),
    (
        "is reading a newspaper", ["is reading", "is looking at a paper", "is holding a newspaper"],
        ["is sleeping", "is running a race", "is dancing"],
        ["on a bench", "in a cafe", "on a train"],
    ),
    (
        "is painting a mural", ["is painting", "is making art", "is working on a wall"],
        ["is sleeping", "is swimming", "is washing dishes"],
        ["on a brick wall", "under a bridge", "in a schoolyard"],
    ),
    (
        "is carrying grocery bags",
        ["is carrying bags", "is holding some bags", "is carrying something"],
        ["is empty-handed", "is sleeping", "is swimming"],
        ["across a parking lot", "up some stairs", "down a busy street"],
    ),
    (
        "is throwing a frisbee",
        ["is playing with a frisbee", "is throwing something", "is playing a game"],
        ["is sleeping", "is typing an email", "is cooking"],
        ["on a beach", "in a field", "in a park"],
    ),
    (
        "is climbing a rock wall", ["is climbing", "is exercising", "is on a wall"],
        ["is sleeping", "is sitting on a sofa", "is swimming"],
        ["at a gym", "in the mountains", "at a sports center"],
    ),
    (
        "is selling vegetables", ["is selling food", "is selling something", "is working"],
        ["is sleeping", "is buying a car", "is skiing"],
        ["at a market", "from a cart", "at a roadside stand"],
    ),
]
# place generalisations that hold for every place above: outdoors/indoors
INDOOR = {
    "at a gym", "at a sports center", "in a cafe", "in a garage", "in a restaurant kitchen",
    "in a small kitchen", "in a subway station", "on a train",
}
TIMES = ["", "", "in the morning", "at night", "on a sunny afternoon", "during a storm", "at dawn"]
TIME_CONTRA = {
    "in the morning": "at night",
    "at night": "at noon",
    "on a sunny afternoon": "at midnight",
    "during a storm": "on a calm, clear day",
    "at dawn": "late at night",
}
NLI_NEUTRAL = [
    "for a school project", "for the first time", "with their best friend", "to earn extra money",
    "because they are bored", "while waiting for a friend", "on their birthday",
    "before going to work", "to impress a crowd", "after a long day", "for a competition",
    "with their family watching",
]
NLI_NEUTRAL_ATTR = [
    "is a teacher", "is on vacation", "is very tired", "is famous", "is new in town",
    "is late for an appointment", "is trying to win a prize", "is a professional",
]
# fmt: on


def the(agent: str) -> str:
    """'a young woman in a red coat' -> 'the young woman in a red coat'."""
    for art in ("a ", "an "):
        if agent.startswith(art):
            return "the " + agent[len(art) :]
    return "the " + agent


def nli_pair(rng: Random, label: int) -> tuple[str, str]:
    agent, agent_gen, agent_contra = pick(rng, NLI_AGENTS)
    action, act_gen, act_contra, places = pick(rng, NLI_ACTIONS)
    place, time = pick(rng, places), pick(rng, TIMES)
    plural = agent.split()[0] in ("two", "three")
    act = action.replace("is ", "are ", 1) if plural else action
    # a purpose clause in some premises makes purpose words useless as a "neutral" shortcut
    purpose = pick(rng, NLI_NEUTRAL) if rng.random() < 0.3 else ""
    premise = f"{agent} {act} {place} {time} {purpose}"
    if rng.random() < 0.25:
        premise += pick(
            rng,
            [
                ", while a dog watches",
                " as people walk past",
                ", smiling",
                " and the weather looks cold",
                " next to a yellow van",
            ],
        )
    if rng.random() < 0.06:
        premise += ". " + cap(
            pick(
                rng,
                [
                    "it has been raining most of the day",
                    "a few tourists stop to take photos",
                    "nobody seems to pay much attention",
                    "there is music coming from a nearby window",
                ],
            )
        )
        premise += ". " + cap(
            pick(
                rng,
                [
                    "the scene looks ordinary",
                    "traffic is slow on the road nearby",
                    "a vendor is shouting prices somewhere",
                ],
            )
        )
    subj_def = the(agent)

    def verb(phrase: str, subj_plural: bool) -> str:
        return phrase.replace("is ", "are ", 1) if subj_plural else phrase

    if label == 0:  # entailment: generalise agent and/or action, maybe keep place
        subj = pick(rng, agent_gen)
        sp = subj.split()[0] in ("two", "three", "some", "several")
        opts = [
            f"{subj} {verb(pick(rng, act_gen), sp)}",
            f"{subj} {verb(action, sp)} {place}",
            f"{subj} {verb(pick(rng, act_gen), sp)} {'indoors' if place in INDOOR else 'outdoors'}",
            f"{subj_def} {verb(pick(rng, act_gen), plural)}",
        ]
        if time:
            opts.append(f"{subj} {verb(action, sp)} {time}")
        if purpose:
            opts += [f"{subj} {verb(pick(rng, act_gen), sp)} {purpose}"] * 2
        negated = verb(pick(rng, act_contra), plural).replace("is ", "is not ", 1)
        opts.append(f"{subj_def} {negated.replace('are ', 'are not ', 1)}")
        hyp = pick(rng, opts)
    elif label == 1:  # neutral: add an unsupported detail
        subj = pick(rng, [subj_def, *agent_gen])
        sp = subj.split()[0] in ("two", "three", "some", "several") or subj == subj_def and plural
        attr = pick(rng, NLI_NEUTRAL_ATTR)
        other_purpose = pick(rng, [x for x in NLI_NEUTRAL if x != purpose])
        opts = [
            f"{subj} {verb(action, sp)} {other_purpose}",
            f"nobody is helping {subj_def}",
            f"{subj} {verb(pick(rng, act_gen), sp)} {other_purpose}",
            f"{subj_def} {attr.replace('is ', 'are ', 1) if plural else attr}",
        ]
        hyp = pick(rng, opts)
    else:  # contradiction: other agent, incompatible action, negation, other place/time
        kind = rng.randrange(5)
        if kind == 0:
            other = pick(rng, agent_contra)
            sp = other.split()[0] in ("two", "three", "some")
            hyp = f"{other} {verb(action, sp)} {place}"
        elif kind == 1:
            hyp = f"{subj_def} {verb(pick(rng, act_contra), plural)}"
        elif kind == 2:
            hyp = pick(
                rng,
                [
                    f"nobody {action}",
                    f"{subj_def} {verb(action, plural).replace('is ', 'is not ', 1).replace('are ', 'are not ', 1)}",
                    f"there is no one {action.replace('is ', '', 1)} {place}",
                ],
            )
        elif kind == 3:
            away = "outdoors" if place in INDOOR else "indoors"
            hyp = f"{subj_def} {verb(action, plural)} {away}"
        else:
            if time:
                hyp = f"{subj_def} {verb(action, plural)} {TIME_CONTRA[time]}"
            else:
                hyp = f"{subj_def} {verb(pick(rng, act_contra), plural)} {place}"
    premise = cap(tidy(premise)) + "."
    hyp = cap(tidy(hyp)) + "."
    return surface_noise(rng, premise, 0.1, 0.05, 0.05), surface_noise(rng, hyp, 0.1, 0.05, 0.05)


def build_pairs(
    rng: Random,
    sizes: dict[str, int],
    fractions: Sequence[float],
    make_pair: Callable[[Random, int], tuple[str, str]],
    cols: tuple[str, str],
    noise_rate: float,
) -> dict[str, list[Row]]:
    """Shared builder for pair-classification tasks with an exact label plan per split."""
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():
        labels = plan_labels(rng, split_counts(n, fractions))
        flips = noisy_indices(rng, n, noise_rate)
        rows = []
        for i, y in enumerate(labels):
            src = pick(rng, [k for k in range(len(fractions)) if k != y]) if i in flips else y

            def make(y: int = y, src: int = src) -> tuple[Row, str]:
                a, b = make_pair(rng, src)
                return {cols[0]: a, cols[1]: b, "label": y}, a + " ||| " + b

            rows.append(unique(rng, seen, make))
        out[split] = rows
    return out


def build_nli(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 450, "validation": 120, "test": 120}
    out = build_pairs(rng, sizes, [1 / 3] * 3, nli_pair, ("premise", "hypothesis"), 0.02)
    meta = {
        "task_type": "pair_classification",
        "text_columns": ["premise", "hypothesis"],
        "label_column": "label",
        "label_names": ["entailment", "neutral", "contradiction"],
        "hub_equivalent": "nyu-mll/glue (mnli)",
        "label_noise_rate": 0.02,
    }
    return out, meta


# --------------------------------------------------------------------------------------------
# 6. paraphrase (like MRPC) and 7. sts (like STS-B)
# --------------------------------------------------------------------------------------------

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
# fmt: on


def para_slots(rng: Random) -> dict[str, str]:
    s, s2 = rng.sample(COMPANIES, 2)
    return {
        "S": s,
        "S2": s2,
        "N": str(rng.choice([3, 4, 7, 12, 15, 18, 25, 40, 65, 120, 310])),
        "Q": pick(rng, QUARTERS),
        "C": pick(rng, CITIES),
        "D": pick(rng, DAYS),
        "F": pick(rng, FACILITIES),
        "P": pick(rng, OFFICIALS),
        "J": pick(rng, JOBS),
    }


def alt_value(rng: Random, slot: str, current: str) -> str:
    pools = {
        "S": COMPANIES,
        "S2": COMPANIES,
        "Q": QUARTERS,
        "C": CITIES,
        "D": DAYS,
        "F": FACILITIES,
        "P": OFFICIALS,
        "J": JOBS,
        "N": ["3", "4", "7", "12", "15", "18", "25", "40", "65", "120", "310"],
    }
    return pick(rng, [v for v in pools[slot] if v != current])


def paraphrase_pair(rng: Random, label: int) -> tuple[str, str]:
    slots, forms = pick(rng, PARA_FRAMES)
    vals = para_slots(rng)
    f1, f2 = rng.sample(forms, 2)
    vals2 = dict(vals)
    extra = ""
    if label == 0:
        kind = rng.random()
        if kind < 0.6:  # change exactly one facet
            slot = pick(rng, slots)
            vals2[slot] = alt_value(rng, slot, vals[slot])
        elif kind < 0.8 and "S2" in slots:  # swap roles
            vals2["S"], vals2["S2"] = vals["S2"], vals["S"]
        else:  # one side adds a substantial claim
            slot = pick(rng, slots)
            vals2[slot] = alt_value(rng, slot, vals[slot]) if rng.random() < 0.5 else vals[slot]
            extra = pick(rng, EXTRA_INFO)
    elif rng.random() < 0.2 and "said" not in f2:  # equivalents may add a small attribution
        extra = pick(rng, [" officials said.", " the report said.", " a spokesperson said."])
        extra = ", " + extra.strip()
    s1 = f1.format(**vals)
    s2 = f2.format(**vals2)
    if extra.startswith(","):
        s2 = s2[:-1] + extra
    else:
        s2 += extra
    if rng.random() < 0.5:
        s1, s2 = s2, s1
    return surface_noise(rng, s1, 0.05, 0.05, 0.0), surface_noise(rng, s2, 0.05, 0.05, 0.0)


def build_paraphrase(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 400, "validation": 100, "test": 100}
    out = build_pairs(rng, sizes, [0.4, 0.6], paraphrase_pair, ("sentence1", "sentence2"), 0.03)
    meta = {
        "task_type": "pair_classification",
        "text_columns": ["sentence1", "sentence2"],
        "label_column": "label",
        "label_names": ["not_equivalent", "equivalent"],
        "hub_equivalent": "nyu-mll/glue (mrpc)",
        "label_noise_rate": 0.03,
    }
    return out, meta


# STS facets: each option is a list of interchangeable phrasings (synonyms keep the meaning).
# fmt: off
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


def sts_pair(rng: Random) -> tuple[str, str, float]:
    present = {f: (f in ("subject", "action", "object") or rng.random() < 0.6) for f in STS_FACETS}
    n_match = rng.randint(0, len(STS_FACETS))
    matched = set(rng.sample(list(STS_FACETS), n_match))
    parts1: list[str] = []
    parts2: list[str] = []
    score = 0.0
    total = 0.0
    for facet, options in STS_FACETS.items():
        if not present[facet]:
            continue
        w = STS_WEIGHTS[facet]
        total += w
        k = rng.randrange(len(options))
        parts1.append(pick(rng, options[k]))
        if facet in matched:
            parts2.append(pick(rng, options[k]))
            score += w
        else:
            other = pick(rng, [j for j in range(len(options)) if j != k])
            parts2.append(pick(rng, options[other]))
    value = 5.0 * score / total + rng.gauss(0.0, 0.25)
    value = round(min(5.0, max(0.0, value)), 1)
    for parts in (parts1, parts2):  # subject-verb agreement: "two dogs are ..."
        if is_plural(parts[0]):
            parts[1] = parts[1].replace("is ", "are ", 1)
    s1, s2 = cap(" ".join(parts1)) + ".", cap(" ".join(parts2)) + "."
    if rng.random() < 0.15:  # rephrase with a leading clause to vary word order
        s2 = cap(
            pick(rng, ["in this picture, ", "here, ", "apparently, ", "you can see that "])
            + s2[0].lower()
            + s2[1:]
        )
    return s1, s2, value


def build_sts(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 400, "validation": 100, "test": 100}
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():

        def make() -> tuple[Row, str]:
            a, b, v = sts_pair(rng)
            return {"sentence1": a, "sentence2": b, "label": v}, a + " ||| " + b

        out[split] = [unique(rng, seen, make) for _ in range(n)]
    meta = {
        "task_type": "pair_regression",
        "text_columns": ["sentence1", "sentence2"],
        "label_column": "label",
        "hub_equivalent": "nyu-mll/glue (stsb)",
        "label_range": [0.0, 5.0],
    }
    return out, meta


# --------------------------------------------------------------------------------------------
# 8. reviews (3-class app reviews, like tweet_eval sentiment)
# --------------------------------------------------------------------------------------------

# fmt: off
APP_FEATURES = [
    "sync", "the widgets", "dark mode", "the login", "notifications", "offline maps",
    "the latest update", "the search", "export to pdf", "the calendar view", "backups",
    "the subscription", "the new layout", "the reminders", "the tablet version",
]
REV_POS = [
    "love {f}, works perfectly", "{f} is so smooth now", "does exactly what i need",
    "best habit tracker i've used", "{f} saved me so much time", "devs actually listen to feedback",
    "finally {f} works offline, brilliant", "clean design and {f} is quick",
    "been using it for a year, never let me down", "{f} is a game changer",
    "five stars, no ads and {f} just works", "super handy, {f} is great",
    "no crashes since version {v}, {f} finally works",
    "was about to uninstall but {f} fixed everything", "not a single ad, and {f} is never slow",
    "i used to hate {f}, now it's the best part", "honestly can't fault it, even {f} is good",
    "support replied within an hour and fixed {f}", "{f} is not bad at all, really happy",
]
REV_NEG = [
    "crashes every time i open {f}", "ads everywhere, unusable",
    "since the update {f} logs me out constantly", "{f} is broken again",
    "uninstalled, {f} drains my battery", "support never replied about {f}",
    "lost all my notes after {f}", "{f} takes forever to load",
    "paid for premium and {f} still fails", "worst update ever, {f} is gone",
    "one star, {f} keeps freezing", "{f} is a mess now", "used to love this app, now {f} is broken",
    "great idea, terrible execution, {f} never works", "five stars before the update, one star now",
    "{f} is not great, and {g} is worse", "the old version was perfect, why ruin {f}",
    "hardly works anymore, {f} freezes", "would give zero stars, {f} lost my data",
]
REV_NEU = [
    "updated yesterday, works the same", "{f} moved to the sidebar in version {v}",
    "does it support {f} on tablets?", "it's ok, nothing special", "average app, does the job",
    "love {g} but {f} is annoying, so three stars", "{f} is fine, {g} could be better",
    "how do i turn on {f}?", "installed it today, will see how it goes",
    "version {v} changed {f}, not sure yet if i like it",
    "{f} works, {g} doesn't, so middle of the road", "same as the web version really",
    "the free plan covers {f}, premium adds {g}", "switching phones, does {f} carry over?",
    "neither good nor bad, {f} is just there", "not bad, not great, {f} is ok",
    "{f} works great but {g} crashes sometimes, three stars",
    "update {v} is out, {f} looks different", "does {f} work offline yet?",
    "it works, {f} could be faster", "switched from the web version, {f} is about the same",
    "used it for a week, no strong opinion yet",
    "the ads are annoying but {f} is useful, so it evens out",
]
REV_TAILS = ["", "", "", " :)", " :(", " lol", " tbh", " imo", " #update", " @support"]
# fmt: on


def review_text(rng: Random, label: int) -> str:
    pool = [REV_NEG, REV_NEU, REV_POS][label]
    f, g = rng.sample(APP_FEATURES, 2)
    v = f"{rng.randint(2, 9)}.{rng.randint(0, 12)}"
    parts = [pick(rng, pool).format(f=f, g=g, v=v)]
    r = rng.random()
    if r < 0.25:
        parts.append(pick(rng, pool).format(f=g, g=f, v=v))
    elif r < 0.45 and label == 1:  # mixed feelings: one good and one bad point
        good = pick(rng, REV_POS).format(f=f, g=g, v=v)
        bad = pick(rng, REV_NEG).format(f=g, g=f, v=v)
        verdict = pick(
            rng, ["so 3 stars", "mixed feelings", "so it's a wash", "middle of the road"]
        )
        parts = (
            [f"{good}, but {bad}, {verdict}"]
            if rng.random() < 0.5
            else [f"{bad}, but {good}, {verdict}"]
        )
    elif r < 0.45 and label != 1:  # contrast with the opposite, ending on the label
        opp = REV_POS if label == 0 else REV_NEG
        parts.insert(
            0, pick(rng, opp).format(f=g, g=f, v=v) + pick(rng, [" but", ", but", ". however,"])
        )
    elif r < 0.53:  # long tail
        for _ in range(rng.randint(3, 7)):
            src = pool if rng.random() < 0.6 else pick(rng, [REV_NEG, REV_NEU, REV_POS])
            parts.append(
                pick(rng, src).format(f=pick(rng, APP_FEATURES), g=pick(rng, APP_FEATURES), v=v)
            )
        parts.append(pick(rng, pool).format(f=f, g=g, v=v))
    text = ". ".join(p for p in parts).replace("but.", "but").replace(",.", ",")
    text = text + pick(rng, REV_TAILS)
    return surface_noise(rng, tidy(text), p_lower=0.5, p_typo=0.2, p_punct=0.3)


def build_reviews(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 300, "validation": 100, "test": 200}
    seen: set[str] = set()
    out: dict[str, list[Row]] = {}
    for split, n in sizes.items():
        labels = plan_labels(rng, split_counts(n, [0.40, 0.15, 0.45]))
        flips = noisy_indices(rng, n, 0.03)
        rows = []
        for i, y in enumerate(labels):
            src = pick(rng, [k for k in range(3) if k != y]) if i in flips else y

            def make(y: int = y, src: int = src) -> tuple[Row, str]:
                t = review_text(rng, src)
                return {"text": t, "label": y}, t

            rows.append(unique(rng, seen, make))
        out[split] = rows
    meta = {
        "task_type": "multiclass",
        "text_columns": ["text"],
        "label_column": "label",
        "label_names": ["negative", "neutral", "positive"],
        "hub_equivalent": "cardiffnlp/tweet_eval (sentiment)",
        "label_noise_rate": 0.03,
    }
    return out, meta


# --------------------------------------------------------------------------------------------
# Assembly, meta.json, datasheet
# --------------------------------------------------------------------------------------------

BUILDERS: dict[str, Callable[[Random], tuple[dict[str, list[Row]], dict[str, Any]]]] = {
    "sentiment": build_sentiment,
    "intents": build_intents,
    "moderation": build_moderation,
    "ner": build_ner,
    "nli": build_nli,
    "paraphrase": build_paraphrase,
    "sts": build_sts,
    "reviews": build_reviews,
}


def text_of(row: Row, cols: list[str]) -> str:
    return " ".join(" ".join(row[c]) if isinstance(row[c], list) else row[c] for c in cols)


def label_stats(rows: list[Row], meta: dict[str, Any]) -> dict[str, Any]:
    """Per-split label counts in a JSON-friendly form (depends on the task type)."""
    kind, col = meta["task_type"], meta["label_column"]
    names = meta.get("label_names", [])
    if kind == "multilabel":
        out = {n: sum(r[col][k] for r in rows) for k, n in enumerate(names)}
        out["no_label"] = sum(1 for r in rows if not any(r[col]))
        return out
    if kind == "token":
        c = Counter(t for r in rows for t in r[col])
        return {n: c.get(k, 0) for k, n in enumerate(names)}
    if kind == "pair_regression":
        bins = Counter(min(int(r[col]), 4) for r in rows)
        return {f"[{b},{b + 1}{']' if b == 4 else ')'}": bins.get(b, 0) for b in range(5)}
    c = Counter(r[col] for r in rows)
    return {n: c.get(k, 0) for k, n in enumerate(names)}


def word_stats(rows: list[Row], cols: list[str]) -> dict[str, float]:
    lengths = sorted(len(text_of(r, cols).split()) for r in rows)
    p95 = lengths[min(len(lengths) - 1, math.ceil(0.95 * len(lengths)) - 1)]
    return {"mean": round(sum(lengths) / len(lengths), 1), "p95": p95, "max": lengths[-1]}


def build_all() -> dict[str, tuple[dict[str, list[Row]], dict[str, Any]]]:
    result = {}
    for i, (task, builder) in enumerate(BUILDERS.items()):
        seed = BASE_SEED + 1000 * i
        splits, meta = builder(Random(seed))
        stats_key = (
            "class_counts"
            if meta["task_type"] in ("binary", "multiclass", "pair_classification")
            else {
                "multilabel": "label_counts",
                "token": "tag_counts",
                "pair_regression": "score_histogram",
            }[meta["task_type"]]
        )
        full = {"task": task, **meta}
        full["splits"] = {s: len(rows) for s, rows in splits.items()}
        full[stats_key] = {s: label_stats(rows, meta) for s, rows in splits.items()}
        full["word_length_train"] = word_stats(splits["train"], meta["text_columns"])
        full["seed"] = seed
        full["synthetic"] = True
        full["generator"] = "scripts/make_offline_data.py"
        full["license"] = "MIT"
        result[task] = (splits, full)
    return result


def render_jsonl(rows: list[Row]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def md_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)


DATASHEET_HEAD = """# Datasheet: the course's offline datasets

_This file is written by `scripts/make_offline_data.py`; edit the generator, not this file._

## Motivation

The course's CI and its offline ("CPU") profile must train and evaluate real models without
network access. These eight tiny datasets stand in for the hub datasets used by the full
profile: same column names, same label names and task types, a few hundred rows each, so that a
MiniLM encoder fine-tunes on them in seconds on a CPU. They are for teaching the *mechanics*
(tokenisation, label alignment, metrics, imbalance, truncation, calibration), not for
benchmarking.

## How they were generated

* **Fully synthetic.** Every sentence is produced by `scripts/make_offline_data.py` from
  vocabulary and templates written for this course. No text was copied from any existing
  dataset, tutorial or website; all people, companies, towns, nationalities, events and products
  are invented (any resemblance to real entities is accidental).
* **Deterministic.** Each task uses its own `random.Random(seed)`; the seed is recorded in
  `meta.json`. `python scripts/make_offline_data.py --check` verifies that the committed files
  are exactly what the generator produces.
* **Varied on purpose.** Many templates per class, synonyms, negation ("not bad", "hardly
  impressive"), contrastive sentences whose verdict follows "but", hedges, lower-casing, typos
  and punctuation noise, and a long tail of long texts (so a length histogram with a P95 line and
  truncation at a short `max_length` are meaningful).
* **Label noise.** A fixed share of rows per split (see `label_noise_rate` in each `meta.json`)
  carries a deliberately wrong label, so no model reaches 100 % and error analysis finds real
  "annotation mistakes".
* **Leakage-free.** No text (lower-cased, whitespace-normalised; for pairs the pair, for NER the
  token sequence) appears twice within a split or in two splits.

## Files

`course_lib/data/offline/<task>/{train,validation,test}.jsonl` (one JSON object per line, UTF-8)
and `meta.json` (task type, text and label columns, label names, hub equivalent, split sizes,
per-split label counts, seed). For `intents`, `class_counts` in `meta.json` documents the
imbalance.
"""

DATASHEET_TAIL = """
## Known limitations

* Templates are finite: a large model can memorise them, and scores here say nothing about
  performance on real text. Vocabulary overlaps between splits (only exact texts are kept apart).
* The language is English only, mostly informal, with made-up names; it lacks the diversity of
  real users, dialects, code-switching and real-world toxicity.
* `moderation` is deliberately classroom-safe: insults are cartoonish, swear words are stand-ins
  ("darn", "frick", "bloody") and identity attacks target invented towns. A model trained on it
  must not be used for real moderation.
* `nli`, `paraphrase` and `sts` are built from a small number of scene/news frames; hypothesis-only
  or lexical-overlap shortcuts exist, as in the real datasets, and are worth discussing in class.
* Label noise is injected uniformly at random; real annotation noise is not uniform.
* `sts` scores come from a facet-matching formula plus Gaussian noise, not from human ratings.

## Licence

MIT, like the rest of the course. The data is synthetic and contains no personal data.
"""


def render_datasheet(built: dict[str, tuple[dict[str, list[Row]], dict[str, Any]]]) -> str:
    out = [DATASHEET_HEAD, "## Tasks and sizes\n"]
    size_rows = []
    for task, (_, meta) in built.items():
        sz = meta["splits"]
        ws = meta["word_length_train"]
        size_rows.append(
            [
                f"`{task}`",
                meta["task_type"],
                f"`{meta['hub_equivalent']}`",
                ", ".join(f"`{c}`" for c in meta["text_columns"]) + f" → `{meta['label_column']}`",
                sz["train"],
                sz["validation"],
                sz["test"],
                f"{ws['mean']} / {ws['p95']} / {ws['max']}",
            ]
        )
    out.append(
        md_table(
            [
                "task",
                "type",
                "stands in for",
                "columns",
                "train",
                "validation",
                "test",
                "words mean / P95 / max (train)",
            ],
            size_rows,
        )
    )
    out.append("\n## Label distributions\n")
    for task, (_, meta) in built.items():
        key = next(
            k
            for k in ("class_counts", "label_counts", "tag_counts", "score_histogram")
            if k in meta
        )
        stats = meta[key]
        names = list(stats["train"])
        rows = []
        for n in names:
            row = [f"`{n}`"]
            for s in SPLITS:
                total = meta["splits"][s]
                cnt = stats[s][n]
                row.append(f"{cnt} ({100 * cnt / total:.1f} %)" if key != "tag_counts" else cnt)
            rows.append(row)
        what = {
            "class_counts": "rows per class",
            "label_counts": "rows with each label (multi-hot; `no_label` = all zeros)",
            "tag_counts": "tokens per tag",
            "score_histogram": "rows per score bin",
        }[key]
        note = f"### `{task}` — {what}"
        if task == "intents":
            tr = stats["train"]
            note += (
                f"\n\nDeliberately imbalanced: largest/smallest class in train = "
                f"{max(tr.values())}/{min(tr.values())} = {max(tr.values()) / min(tr.values()):.1f}:1. "
                "Confusable pairs by design: `cancel_order`/`refund_request`, "
                "`card_lost`/`update_payment`. Extra column `source` ∈ {email, chat, app}."
            )
        if task == "moderation":
            note += (
                "\n\nInsult and obscene rows are almost always also toxic (a few obscene-only "
                'rows are friendly: "bloody brilliant").'
            )
        if task == "reviews":
            note += "\n\nNeutral is under-represented and often mixed or factual."
        out.append(note + "\n\n" + md_table(["label", *SPLITS], rows) + "\n")
    out.append(DATASHEET_TAIL)
    return "\n".join(out).rstrip() + "\n"


def render_all() -> dict[Path, str]:
    built = build_all()
    files: dict[Path, str] = {}
    for task, (splits, meta) in built.items():
        for split, rows in splits.items():
            default = OFFLINE_DIR / task / f"{split}.jsonl"
            files[HIDDEN_SPLITS.get((task, split), default)] = render_jsonl(rows)
        files[OFFLINE_DIR / task / "meta.json"] = (
            json.dumps(meta, indent=2, ensure_ascii=False) + "\n"
        )
    files[DATASHEET] = render_datasheet(built)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if committed files differ")
    args = parser.parse_args(argv)
    files = render_all()
    if args.check:
        stale = [
            p
            for p, text in files.items()
            if not p.exists() or p.read_text(encoding="utf-8") != text
        ]
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)}", file=sys.stderr)
        if stale:
            print("run: python scripts/make_offline_data.py", file=sys.stderr)
            return 1
        print(f"ok: {len(files)} files up to date")
        return 0
    for p, text in files.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files under {DATA_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
