"""Generator of the yesno task (a question about a short passage, answered no/yes, like BoolQ).

Each example invents a passage about a shop, a product or an order and asks one question about
it. The answer always follows from the passage, in one of three ways:

* a **value** is named in the question: the passage names the same one (yes) or another (no);
* a **polarity** fact: the passage states it or its negation ("It does not sell gift cards.");
* a **number** comparison: "lighter than 500 grams" against the weight the passage gives.

Which of the two answers a row gets is decided first (an exact label plan per split), then the
passage is written to make it true, so no word of the question or the passage alone gives the
answer away: a bag of words sees the same vocabulary for both answers.
"""

from __future__ import annotations

from random import Random
from typing import Any

from offline_data.common import Row, labelled_splits, pick
from offline_data.vocabulary import yesno as v

# Question kinds per domain, by what decides the answer.
KINDS = {
    "shop": {
        "value": ["shop_town", "shop_kind", "shop_closed"],
        "polarity": ["gift cards", "card payments", "repairs", "delivery"],
        "number": ["shop_opens_before", "shop_open_at", "free_delivery"],
    },
    "product": {
        "value": ["material", "colour"],
        "polarity": ["waterproof", "carrying case", "returns"],
        "number": ["lighter_than", "heavier_than", "cheaper_than", "battery_longer"],
    },
    "order": {
        "value": ["order_day", "carrier", "payment"],
        "polarity": ["gift wrapping", "express shipping", "signature"],
        "number": ["more_items", "arrives_within"],
    },
}
# Which passage sentence answers a question kind (other kinds: the fact of the same name).
SHOP_FACT = {
    "shop_town": "intro", "shop_kind": "intro", "shop_closed": "hours",
    "shop_opens_before": "hours", "shop_open_at": "hours", "free_delivery": "delivery",
}  # fmt: skip
PRODUCT_FACT = {
    "material": "intro", "lighter_than": "intro", "heavier_than": "intro", "colour": "colours",
    "cheaper_than": "price", "battery_longer": "battery",
}  # fmt: skip
ORDER_FACT = {
    "order_day": "intro", "more_items": "intro", "carrier": "shipping",
    "arrives_within": "shipping",
}  # fmt: skip
CATEGORY_WEIGHTS = {"value": 0.45, "polarity": 0.35, "number": 0.2}
FILLER_RATE = 0.15  # share of passages with 2-4 extra sentences (the long tail)


def _category(rng: Random) -> str:
    r, total = rng.random(), 0.0
    for name, weight in CATEGORY_WEIGHTS.items():
        total += weight
        if r < total:
            return name
    return "number"


def _other(rng: Random, pool: list[Any], *taken: Any) -> Any:
    return pick(rng, [x for x in pool if x not in taken])


def _threshold(rng: Random, value: int, candidates: list[int], want_above: bool) -> int:
    """A threshold from ``candidates`` above (or below) ``value``, never equal to it."""
    side = [c for c in candidates if (c > value if want_above else c < value)]
    return pick(rng, side)


def _passage(rng: Random, intro: str, facts: dict[str, str], asked: str, fillers: list[str]) -> str:
    """The intro, the asked fact and at most one other in a random order, sometimes with filler.

    ``asked`` is the fact the question is about ("intro" when the intro holds it).
    """
    others = [name for name in facts if name != asked]
    chosen = rng.sample(others, rng.randint(0, 1))
    if asked != "intro":
        chosen.append(asked)
    body = [facts[name] for name in chosen]
    rng.shuffle(body)
    if rng.random() < FILLER_RATE:
        for extra in rng.sample(fillers, rng.randint(2, 4)):
            body.insert(rng.randint(0, len(body)), extra)
    return " ".join([intro, *body])


def _polar(rng: Random, table: dict[str, tuple[list[str], list[str]]], fact: str, yes: bool) -> str:
    positive, negative = table[fact]
    return pick(rng, positive if yes else negative)


def _shop(rng: Random, kind: str, yes: bool) -> tuple[str, str]:
    town, town2 = rng.sample(v.TOWNS, 2)
    street, street2 = rng.sample(v.STREETS, 2)
    s = {
        "shop": pick(rng, v.SHOPS),
        "kind": pick(rng, v.SHOP_KINDS),
        "town": town,
        "town2": town2,
        "street": street,
        "street2": street2,
        "open": pick(rng, v.OPEN_HOURS),
        "close": pick(rng, v.CLOSE_HOURS),
        "closed": pick(rng, v.CLOSED_DAYS),
        "over": pick(rng, v.FREE_DELIVERY_OVER),
        "person": pick(rng, v.PEOPLE),
        "year": pick(rng, v.YEARS),
    }
    polarity = {fact: rng.random() < 0.5 for fact in v.SHOP_POLARITY}
    delivers = rng.random() < 0.6
    value: Any = ""
    if kind in polarity:
        polarity[kind] = yes
    elif kind == "delivery":
        delivers = yes
    elif kind == "free_delivery":
        delivers = True
        value = _threshold(rng, s["over"], [10, 15, 20, 25, 30, 35, 45, 55, 70, 80, 100], yes)
    elif kind == "shop_town":
        value = town if yes else town2 if rng.random() < 0.3 else _other(rng, v.TOWNS, town)
    elif kind == "shop_kind":
        value = s["kind"] if yes else _other(rng, v.SHOP_KINDS, s["kind"])
    elif kind == "shop_closed":
        value = s["closed"] if yes else _other(rng, v.DAYS, s["closed"])
    elif kind == "shop_opens_before":
        value = _threshold(rng, s["open"], [6, 7, 8, 9, 10, 11, 12], yes)
    elif kind == "shop_open_at":
        value = _threshold(rng, s["close"], [3, 4, 5, 6, 7, 8, 9, 10], not yes)
    facts = {"hours": pick(rng, v.SHOP_HOURS).format(**s)}
    facts.update({f: _polar(rng, v.SHOP_POLARITY, f, p) for f, p in polarity.items()})
    delivery = v.SHOP_DELIVERY_YES if delivers else v.SHOP_DELIVERY_NO
    facts["delivery"] = pick(rng, delivery).format(**s)
    asked = SHOP_FACT.get(kind, kind)
    fillers = [f.format(**s) for f in v.SHOP_FILLER]
    passage = _passage(rng, pick(rng, v.SHOP_INTRO).format(**s), facts, asked, fillers)
    question = pick(rng, v.QUESTIONS[kind]).format(**s, value=value)
    return question, passage


def _product(rng: Random, kind: str, yes: bool) -> tuple[str, str]:
    if kind == "battery_longer":
        product = pick(rng, [p for p, battery in v.PRODUCTS if battery])
        battery = True
    else:
        product, battery = pick(rng, v.PRODUCTS)
    colour1, colour2 = rng.sample(v.COLOURS, 2)
    s = {
        "brand": pick(rng, v.BRANDS),
        "product": product,
        "material": pick(rng, v.MATERIALS),
        "weight": pick(rng, v.WEIGHTS),
        "colour1": colour1,
        "colour2": colour2,
        "price": pick(rng, v.PRICES),
        "hours": pick(rng, v.BATTERY_HOURS),
        "town2": pick(rng, v.TOWNS),
        "person": pick(rng, v.PEOPLE),
        "year": pick(rng, v.YEARS),
    }
    polarity = {fact: rng.random() < 0.5 for fact in v.PRODUCT_POLARITY}
    value: Any = ""
    if kind in polarity:
        polarity[kind] = yes
    elif kind == "material":
        value = s["material"] if yes else _other(rng, v.MATERIALS, s["material"])
    elif kind == "colour":
        value = pick(rng, [colour1, colour2]) if yes else _other(rng, v.COLOURS, colour1, colour2)
    elif kind in ("lighter_than", "heavier_than"):
        grams = [150, 200, 250, 300, 400, 500, 700, 800, 1000, 1300, 2000, 2500]
        value = _threshold(rng, s["weight"], grams, yes == (kind == "lighter_than"))
    elif kind == "cheaper_than":
        value = _threshold(
            rng, s["price"], [10, 15, 20, 30, 40, 50, 60, 80, 100, 150, 200, 300], yes
        )
    elif kind == "battery_longer":
        value = _threshold(rng, s["hours"], [3, 5, 7, 9, 11, 15, 18, 24, 36, 48], not yes)
    facts = {
        "colours": pick(rng, v.PRODUCT_COLOURS).format(**s),
        "price": pick(rng, v.PRODUCT_PRICE).format(**s),
    }
    if battery:
        facts["battery"] = pick(rng, v.PRODUCT_BATTERY).format(**s)
    facts.update({f: _polar(rng, v.PRODUCT_POLARITY, f, p) for f, p in polarity.items()})
    asked = PRODUCT_FACT.get(kind, kind)
    fillers = [f.format(**s) for f in v.PRODUCT_FILLER]
    passage = _passage(rng, pick(rng, v.PRODUCT_INTRO).format(**s), facts, asked, fillers)
    question = pick(rng, v.QUESTIONS[kind]).format(**s, value=value)
    return question, passage


def _order(rng: Random, kind: str, yes: bool) -> tuple[str, str]:
    town, town2 = rng.sample(v.TOWNS, 2)
    s = {
        "code": f"{pick(rng, 'ABCDEFGHKLMNPRSTW')}-{rng.randint(1000, 9999)}",
        "day": pick(rng, v.DAYS),
        "count": pick(rng, v.ITEM_COUNTS),
        "items": pick(rng, v.ITEMS),
        "town": town,
        "town2": town2,
        "carrier": pick(rng, v.CARRIERS),
        "days": pick(rng, v.DELIVERY_DAYS),
        "payment": pick(rng, v.PAYMENTS),
        "person": pick(rng, v.PEOPLE),
    }
    polarity = {fact: rng.random() < 0.5 for fact in v.ORDER_POLARITY}
    value: Any = ""
    if kind in polarity:
        polarity[kind] = yes
    elif kind == "order_day":
        value = s["day"] if yes else _other(rng, v.DAYS, s["day"])
    elif kind == "carrier":
        value = s["carrier"] if yes else _other(rng, v.CARRIERS, s["carrier"])
    elif kind == "payment":
        value = s["payment"] if yes else _other(rng, v.PAYMENTS, s["payment"])
    elif kind == "more_items":
        value = _threshold(rng, s["count"], [0, 1, 2, 3, 4, 5, 6, 7, 9, 11, 15], not yes)
    elif kind == "arrives_within":
        value = _threshold(rng, s["days"], [1, 2, 3, 4, 5, 6, 8, 12, 14], yes)
        if yes and rng.random() < 0.3:  # "within 5 days" holds for exactly 5 days, too
            value = s["days"]
    one = s["items"].replace("bars of", "bar of").removesuffix("s")
    s["what"] = f"1 {one}" if s["count"] == 1 else f"{s['count']} {s['items']}"
    facts = {
        "shipping": pick(rng, v.ORDER_SHIPPING).format(**s),
        "payment": pick(rng, v.ORDER_PAYMENT).format(**s),
    }
    facts.update({f: _polar(rng, v.ORDER_POLARITY, f, p) for f, p in polarity.items()})
    asked = ORDER_FACT.get(kind, kind)
    fillers = [f.format(**s) for f in v.ORDER_FILLER]
    passage = _passage(rng, pick(rng, v.ORDER_INTRO).format(**s), facts, asked, fillers)
    question = pick(rng, v.QUESTIONS[kind]).format(**s, value=value)
    return question, passage


DOMAINS = {"shop": _shop, "product": _product, "order": _order}


def yesno_pair(rng: Random, label: int) -> tuple[str, str]:
    """(question, passage) whose answer is ``label`` (0 = no, 1 = yes)."""
    domain = pick(rng, list(DOMAINS))
    kind = pick(rng, KINDS[domain][_category(rng)])
    question, passage = DOMAINS[domain](rng, kind, label == 1)
    return question.lower(), passage  # BoolQ's questions are lower-cased


def build_yesno(rng: Random) -> tuple[dict[str, list[Row]], dict[str, Any]]:
    sizes = {"train": 300, "validation": 100, "test": 100}

    def row(label: int) -> tuple[Row, str]:
        question, passage = yesno_pair(rng, label)
        return {"question": question, "passage": passage}, passage  # every passage used once

    # BoolQ's answers are about 62% yes; labels: 0 = no, 1 = yes
    out = labelled_splits(rng, sizes, [0.38, 0.62], 0.02, row)
    meta = {
        "task_type": "pair_classification",
        "text_columns": ["question", "passage"],
        "label_column": "label",
        "label_names": ["no", "yes"],
        "hub_equivalent": "google/boolq",
        "label_noise_rate": 0.02,
    }
    return out, meta
