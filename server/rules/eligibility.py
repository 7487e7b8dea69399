"""Who an experience is for, as one rule compiled once per app snapshot: serving and explaining use the same
leaves, so they cannot disagree (docs/design/experiences-and-rules.md, section 2).

A rule is the page leaf, then the audience's leaves, checked in that order (cheapest first). `check` returns None
when every leaf holds, else the first leaf that does not, as data (a `Miss`) that the admin UI puts in words.
Today's leaves are a page glob or regex and "trait in values"; the engine's later leaves (operators, companies,
behaviour counts, schedules) are more `Leaf` kinds.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .url_rules import compile_stored_rule


@dataclass(frozen=True)
class Subject:
    """What a rule is evaluated against: the page's path and the end user's traits."""
    path: str
    traits: dict


@dataclass(frozen=True)
class Miss:
    """The first leaf that did not hold: which rule, the leaf as authored, and the subject's value."""
    rule: str  # "page" or "audience"
    leaf: dict
    value: Any

    def as_dict(self) -> dict:
        return {"rule": self.rule, "leaf": self.leaf, "value": self.value}


@dataclass(frozen=True)
class PageLeaf:
    match: dict | None
    matches: Callable[[str], bool]

    def miss(self, subject: Subject) -> Miss | None:
        return None if self.matches(subject.path) else Miss("page", dict(self.match or {}), subject.path)


@dataclass(frozen=True)
class TraitInLeaf:
    trait: str
    values: tuple

    def miss(self, subject: Subject) -> Miss | None:
        value = subject.traits.get(self.trait)
        if value in self.values:
            return None
        return Miss("audience", {"trait": self.trait, "op": "in", "value": list(self.values)}, value)


@dataclass(frozen=True)
class Rule:
    page: PageLeaf
    audience: tuple  # of audience leaves, all of which must hold

    def check(self, subject: Subject) -> Miss | None:
        """The first leaf that does not hold, page first; None when the experience is for this subject."""
        return self.page.miss(subject) or self.check_audience(subject)

    def check_audience(self, subject: Subject) -> Miss | None:
        return next((miss for leaf in self.audience if (miss := leaf.miss(subject))), None)


def compile_targeting(match: dict | None, audience: dict | None) -> Rule:
    """The rule of an experience's `match` (None: every page) and `audience` (`{traits: {name: [values]}}`, every
    trait holding one of its values; none: everyone)."""
    traits = (audience or {}).get("traits") or {}
    return Rule(PageLeaf(match, compile_stored_rule(match)),
                tuple(TraitInLeaf(name, tuple(values)) for name, values in traits.items()))
