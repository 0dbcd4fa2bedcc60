"""Vocabulary and templates (data only, no logic):

reviews (3-class app reviews, like tweet_eval sentiment).
"""

from __future__ import annotations

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
