"""From part scores to a diagnosis: weakest parts, profiles, why, and a plan.

Every sentence comes from the bank, so a speaker's own bank changes what
people read without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from networking_works.bands import Band
from networking_works.bank import OVERALL, Bank, Profile
from networking_works.scoring import Scores

PLAN_SIZE = 3


@dataclass(frozen=True)
class Action:
    part_id: str
    text: str


@dataclass(frozen=True)
class Diagnosis:
    weakest: tuple[str, ...]  # part ids sharing the lowest score
    strongest: tuple[str, ...]  # part ids sharing the highest score
    bands: dict[str, Band]  # part id -> band, scored parts only
    profiles: tuple[Profile, ...]
    why: str
    plan: tuple[Action, ...]

    @property
    def enough(self) -> bool:
        return bool(self.bands)


def matching_profiles(bank: Bank, scores: Scores) -> tuple[Profile, ...]:
    values = {**scores.as_dict(), OVERALL: scores.overall}
    return tuple(p for p in bank.profiles if all(c.holds(values[c.part]) for c in p.when))


def diagnose(bank: Bank, scores: Scores) -> Diagnosis:
    scored = {p.part_id: p.score for p in scores.parts if p.score is not None}
    if not scored:
        return Diagnosis((), (), {}, (), "", ())
    low, high = min(scored.values()), max(scored.values())
    weakest = tuple(pid for pid, s in scored.items() if s == low)
    strongest = tuple(pid for pid, s in scored.items() if s == high) if high > low else ()
    bands = {pid: Band.of(s) for pid, s in scored.items()}
    profiles = matching_profiles(bank, scores)
    return Diagnosis(
        weakest=weakest,
        strongest=strongest,
        bands=bands,
        profiles=profiles,
        why=_why(bank, weakest, bands, profiles),
        plan=plan(bank, scored),
    )


def _why(
    bank: Bank,
    weakest: tuple[str, ...],
    bands: dict[str, Band],
    profiles: tuple[Profile, ...],
) -> str:
    sentences = [bank.part(pid).diagnosis[bands[pid]] for pid in weakest]
    sentences += [p.problem for p in profiles[:1]]
    return " ".join(sentences)


def plan(bank: Bank, scored: dict[str, Fraction]) -> tuple[Action, ...]:
    """The first actions of the weakest parts: tied parts take turns, then the next weakest."""
    order = sorted(scored, key=lambda pid: (scored[pid], bank.parts.index(bank.part(pid))))
    chosen: list[Action] = []
    for level in sorted(set(scored.values())):
        group = [pid for pid in order if scored[pid] == level]
        depth = max(len(bank.part(pid).actions) for pid in group)
        for i in range(depth):
            for pid in group:
                actions = bank.part(pid).actions
                if i < len(actions) and len(chosen) < PLAN_SIZE:
                    chosen.append(Action(pid, actions[i]))
        if len(chosen) >= PLAN_SIZE:
            break
    return tuple(chosen)
