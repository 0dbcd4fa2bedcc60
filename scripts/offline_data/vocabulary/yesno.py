"""Vocabulary and templates (data only, no logic): yesno (question + passage -> no/yes, like BoolQ).

Every shop, brand, town, street, carrier and person is invented for this course.
"""

from __future__ import annotations

# fmt: off
SHOPS = [
    "Copperleaf", "Marrow & Finch", "The Quiet Kettle", "Pennick Supplies", "Odd Sprocket",
    "Lantern Row", "Fernhollow", "Bramblewick", "Tidewell", "The Paper Heron", "Coldharbour Goods",
    "Mossgate", "Little Anvil", "Saffron Loft", "Wrenfield", "Hollin & Daughters",
]
SHOP_KINDS = [
    "bakery", "bookshop", "bike shop", "hardware store", "tea shop", "florist", "toy shop",
    "record shop", "stationery shop", "cheese shop", "garden centre", "sewing shop",
]
TOWNS = [
    "Ellensby", "Marrowdale", "Caddon Wick", "Ferrowby", "Lindquay", "Ostrey", "Wendlemoor",
    "Harrowick", "Pellbridge", "Sollway Cross", "Tamsford", "Quenmouth",
]
STREETS = [
    "Mill Lane", "Quay Street", "Rook Row", "Tanner's Yard", "Chapel Walk", "Orchard Road",
    "Salt Street", "Weaver Close", "Beacon Hill", "Ferry Road",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CLOSED_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday"]
OPEN_HOURS = [7, 8, 9, 10, 11]
CLOSE_HOURS = [4, 5, 6, 7, 8, 9]
FREE_DELIVERY_OVER = [20, 25, 30, 40, 50, 60, 75]

BRANDS = [
    "Norvik", "Tallowby", "Ambergate", "Kestrel Works", "Lumo", "Fenwright", "Orla", "Pellam",
    "Quenby", "Halden", "Corvel", "Strand & Sons",
]
# (product, has a battery)
PRODUCTS = [
    ("kettle", False), ("desk lamp", True), ("backpack", False), ("blender", False),
    ("rain jacket", False), ("bike light", True), ("tent", False), ("headphones", True),
    ("coffee grinder", False), ("water bottle", False), ("torch", True), ("speaker", True),
    ("lunch box", False), ("alarm clock", True),
]
MATERIALS = ["steel", "aluminium", "bamboo", "glass", "recycled plastic", "canvas", "oak", "ceramic"]
COLOURS = ["black", "white", "olive green", "navy blue", "red", "grey", "sand", "orange"]
WEIGHTS = [180, 240, 320, 450, 600, 750, 900, 1200, 1500, 2100]
BATTERY_HOURS = [4, 6, 8, 10, 12, 16, 20, 30, 40]
PRICES = [12, 18, 25, 34, 45, 59, 75, 90, 120, 160, 240]

ITEMS = [
    "mugs", "candles", "notebooks", "plant pots", "tea towels", "pencil cases", "jigsaw puzzles",
    "bars of soap", "picture frames", "wool hats",
]
CARRIERS = ["Swiftpost", "Parcelway", "Greenline Couriers", "Boxhop", "Hedgerow Freight"]
PAYMENTS = ["card", "bank transfer", "cash on delivery", "a gift voucher"]
ITEM_COUNTS = [1, 2, 3, 4, 5, 6, 8, 10, 12]
DELIVERY_DAYS = [2, 3, 4, 5, 7, 10]
PEOPLE = [
    "Ines Calloway", "Tobiah Wrenn", "Maelle Osei", "Rufus Pennington", "Saoirse Halloran",
    "Dario Fenwick", "Yuki Ambrose", "Nell Okafor", "Kasimir Thorne", "Lotte Verhaegen",
]
YEARS = ["1987", "1994", "2003", "2009", "2012", "2016", "2019", "2021"]

# Passage sentences. Each fact has several phrasings; {slots} come from the generator.
SHOP_INTRO = [
    "{shop} is a {kind} on {street} in {town}.",
    "{shop}, a {kind} in {town}, sits on {street}.",
    "On {street} in {town} you will find {shop}, a small {kind}.",
]
SHOP_HOURS = [
    "It opens at {open} am, closes at {close} pm and stays shut every {closed}.",
    "Opening hours are {open} am to {close} pm; on {closed}s the shop is closed.",
    "The doors open at {open} in the morning and close at {close} in the evening, except on {closed}, when it is closed all day.",
]
SHOP_POLARITY = {
    "gift cards": (
        ["Gift cards are sold at the counter.", "You can buy gift cards there."],
        ["It does not sell gift cards.", "Gift cards are not sold there."],
    ),
    "card payments": (
        ["Card payments are accepted.", "You can pay by card or in cash."],
        ["It only takes cash, not cards.", "Card payments are not accepted."],
    ),
    "repairs": (
        ["It also offers repairs.", "Repairs are done in the workshop at the back."],
        ["It does not offer repairs.", "Repairs are not offered."],
    ),
}
SHOP_DELIVERY_YES = [
    "It delivers within {town}, free of charge for orders over {over} euros.",
    "Delivery in {town} is free once an order is above {over} euros.",
]
SHOP_DELIVERY_NO = ["It does not deliver; everything must be collected in person.",
                    "There is no delivery service."]
SHOP_FILLER = [
    "The owner, {person}, opened it in {year}.",
    "Parking is available on {street2}.",
    "A small café next door shares the same entrance.",
    "The shop was repainted last spring and now has a green front.",
    "Local schools often visit on weekday mornings.",
    "A notice board by the door lists events in {town2}.",
]

PRODUCT_INTRO = [
    "The {brand} {product} is made of {material} and weighs {weight} grams.",
    "Made of {material}, the {brand} {product} weighs {weight} grams.",
    "{brand} makes its {product} from {material}; it weighs {weight} grams.",
]
PRODUCT_COLOURS = [
    "It comes in {colour1} and {colour2}.",
    "Two colours are available: {colour1} and {colour2}.",
    "You can choose between {colour1} and {colour2}.",
]
PRODUCT_PRICE = ["It costs {price} euros.", "The price is {price} euros.", "It sells for {price} euros."]
PRODUCT_BATTERY = [
    "Its battery lasts about {hours} hours.",
    "On a full charge it runs for about {hours} hours.",
]
PRODUCT_POLARITY = {
    "waterproof": (
        ["It is waterproof.", "It is fully waterproof."],
        ["It is not waterproof.", "It is not waterproof, so keep it dry."],
    ),
    "carrying case": (
        ["A carrying case is included.", "It ships with a carrying case."],
        ["No carrying case is included.", "A carrying case is not included."],
    ),
    "returns": (
        ["Unused items can be returned within 30 days.", "Returns are accepted within 30 days."],
        ["Returns are not accepted.", "It cannot be returned once opened."],
    ),
}
PRODUCT_FILLER = [
    "It was first sold in {year}.",
    "Reviewers mostly praise its simple design.",
    "The packaging is made of recycled card.",
    "A spare part service is run from {town2}.",
    "The design team is led by {person}.",
    "A larger version is planned for next year.",
]

ORDER_INTRO = [
    "Order {code} was placed on {day} for {what}.",
    "On {day}, a customer placed order {code} for {what}.",
    "Order {code}, placed on {day}, contains {what}.",
]
ORDER_SHIPPING = [
    "It ships from {town} with {carrier} and should arrive within {days} working days.",
    "{carrier} carries the parcel from {town}; delivery takes up to {days} working days.",
]
ORDER_PAYMENT = ["It was paid by {payment}.", "The customer paid by {payment}."]
ORDER_POLARITY = {
    "gift wrapping": (
        ["Gift wrapping was requested.", "The customer asked for gift wrapping."],
        ["No gift wrapping was requested.", "Gift wrapping was not requested."],
    ),
    "express shipping": (
        ["Express shipping was chosen.", "The customer paid extra for express shipping."],
        ["Express shipping was not chosen.", "Standard shipping was chosen, not express."],
    ),
    "signature": (
        ["A signature is needed on delivery.", "The parcel must be signed for."],
        ["No signature is needed on delivery.", "The parcel does not need to be signed for."],
    ),
}
ORDER_FILLER = [
    "The customer lives in {town2}.",
    "A tracking link was sent by email.",
    "The items were packed by {person}.",
    "The warehouse was busy that week because of a sale.",
    "A note on the order asks the driver to use the side door.",
]

# Questions, lower-cased and without a question mark, as BoolQ writes them.
QUESTIONS = {
    "shop_town": ["is {shop} in {value}", "is {shop} a shop in {value}"],
    "shop_kind": ["is {shop} a {value}", "is {shop} a {value} in {town}"],
    "shop_closed": ["is {shop} closed on {value}", "is {shop} shut on {value}s"],
    "gift cards": ["can you buy gift cards at {shop}", "does {shop} sell gift cards"],
    "card payments": ["can you pay by card at {shop}", "does {shop} accept card payments"],
    "repairs": ["does {shop} offer repairs", "can you get repairs done at {shop}"],
    "delivery": ["does {shop} deliver", "can {shop} deliver an order in {town}"],
    "shop_opens_before": ["does {shop} open before {value} am", "is {shop} open by {value} am"],
    "shop_open_at": ["is {shop} still open at {value} pm", "does {shop} close after {value} pm"],
    "free_delivery": ["is delivery free from {shop} for an order of {value} euros"],
    "material": ["is the {brand} {product} made of {value}", "is the {product} from {brand} made of {value}"],
    "colour": ["does the {brand} {product} come in {value}", "can you get the {brand} {product} in {value}"],
    "waterproof": ["is the {brand} {product} waterproof", "can the {brand} {product} get wet"],
    "carrying case": ["does the {brand} {product} come with a carrying case",
                      "is a case included with the {brand} {product}"],
    "returns": ["can you return the {brand} {product}", "does {brand} accept returns of the {product}"],
    "lighter_than": ["is the {brand} {product} lighter than {value} grams",
                     "does the {brand} {product} weigh less than {value} grams"],
    "heavier_than": ["does the {brand} {product} weigh more than {value} grams",
                     "is the {brand} {product} heavier than {value} grams"],
    "cheaper_than": ["does the {brand} {product} cost less than {value} euros",
                     "is the {brand} {product} under {value} euros"],
    "battery_longer": ["does the battery of the {brand} {product} last more than {value} hours",
                       "can the {brand} {product} run for more than {value} hours on one charge"],
    "order_day": ["was order {code} placed on {value}", "did the customer place order {code} on {value}"],
    "carrier": ["is order {code} shipped with {value}", "does {value} deliver order {code}"],
    "payment": ["was order {code} paid by {value}", "did the customer pay for order {code} by {value}"],
    "gift wrapping": ["was gift wrapping requested for order {code}", "is order {code} gift wrapped"],
    "express shipping": ["was express shipping chosen for order {code}", "is order {code} sent express"],
    "signature": ["does order {code} need a signature on delivery", "must order {code} be signed for"],
    "more_items": ["does order {code} contain more than {value} {items}",
                   "are there more than {value} {items} in order {code}"],
    "arrives_within": ["should order {code} arrive within {value} working days",
                       "will order {code} be delivered in {value} working days or less"],
}
# fmt: on
