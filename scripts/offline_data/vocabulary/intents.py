"""Vocabulary and templates (data only, no logic):

intents (imbalanced multi-class, like banking77 with 10 classes).
"""

from __future__ import annotations

# fmt: off
INTENT_NAMES = [
    "check_balance", "card_lost", "transfer_money", "refund_request", "track_order", "cancel_order",
    "change_address", "reset_password", "update_payment", "close_account",
]


# Per-split class counts, in INTENT_NAMES order. Largest (track_order) vs smallest two
# (change_address, close_account): 145 / 9 = 16:1 in train.
INTENT_COUNTS = {
    "train": [90, 25, 70, 55, 145, 45, 9, 35, 17, 9],
    "validation": [27, 7, 21, 17, 43, 13, 4, 10, 4, 4],
    "test": [27, 7, 21, 17, 43, 13, 4, 10, 4, 4],
}


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
