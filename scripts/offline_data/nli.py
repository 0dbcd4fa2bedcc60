"""Generator of the nli (3-way, like MNLI) task."""

from __future__ import annotations

from random import Random
from typing import Any

from offline_data.common import Row, build_pairs, cap, pick, surface_noise, tidy
from offline_data.vocabulary.nli import (
    INDOOR,
    NLI_ACTIONS,
    NLI_AGENTS,
    NLI_NEUTRAL,
    NLI_NEUTRAL_ATTR,
    TIME_CONTRA,
    TIMES,
)


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
