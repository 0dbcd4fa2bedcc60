"""Vocabulary and templates (data only, no logic):

moderation (multi-label, like civil_comments thresholded to multi-hot).
"""

from __future__ import annotations

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
