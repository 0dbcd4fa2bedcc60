"""Vocabulary and templates (data only, no logic): nli (3-way, like MNLI)."""

from __future__ import annotations

# fmt: off
# agent text, generalisations (entailed), incompatible agents (contradiction), pronoun subject
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
