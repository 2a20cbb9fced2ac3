"""The seniority ladder matching uses to judge the level gap between a mentor and a mentee, and
which titles hold a management role (a talent-reserve tutor must).

A participant's level is free text. It is placed on this ordered ladder by name, compared
case-insensitively with hyphens and underscores read as spaces; a level the ladder does not
know has no rank, and the level gap then counts neither for nor against a pair.

| rank | step      | levels that name it                                     |
| ---- | --------- | ------------------------------------------------------- |
| 0    | Trainee   | trainee, intern, apprentice, graduate, entry, entry level |
| 1    | Junior    | junior, associate                                       |
| 2    | Mid       | mid, mid level, intermediate, professional              |
| 3    | Senior    | senior, experienced                                     |
| 4    | Principal | principal, staff, lead, expert, manager                 |
| 5    | Director  | director, head, senior manager                          |
| 6    | Executive | executive, vp, vice president, chief, c level           |

The demo organisation uses Junior, Mid, Senior, Principal and Director.
"""

import re
from types import MappingProxyType

LADDER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Trainee", ("trainee", "intern", "apprentice", "graduate", "entry", "entry level")),
    ("Junior", ("junior", "associate")),
    ("Mid", ("mid", "mid level", "intermediate", "professional")),
    ("Senior", ("senior", "experienced")),
    ("Principal", ("principal", "staff", "lead", "expert", "manager")),
    ("Director", ("director", "head", "senior manager")),
    ("Executive", ("executive", "vp", "vice president", "chief", "c level")),
)
DIRECTOR_RANK = 5

_RANKS = MappingProxyType(
    {alias: rank for rank, (_, aliases) in enumerate(LADDER) for alias in aliases}
)
_SEPARATORS = re.compile(r"[\s_-]+")

# A people-management role, named in a title. "Manager" alone is not enough: a product,
# project, programme or account manager manages work, not people.
_MANAGEMENT_TITLE = re.compile(r"\b(director|head|chief|vp|vice president|supervisor|manager)\b")
_INDIVIDUAL_MANAGER_TITLE = re.compile(
    r"\b(product|project|program|programme|account|community|content|brand|category)s? manager\b"
)


def normalised(text: str) -> str:
    """Lower-case text with runs of spaces, hyphens and underscores read as one space."""
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def level_rank(level: str) -> int | None:
    """The level's rank on the ladder (0 = Trainee ... 6 = Executive), None when unknown."""
    return _RANKS.get(normalised(level))


def holds_management_role(*, title: str, level: str) -> bool:
    """Whether someone manages people: a director-level (or higher) level, or a title naming a
    director, head, chief, vice president, supervisor or a manager of people."""
    rank = level_rank(level)
    if rank is not None and rank >= DIRECTOR_RANK:
        return True
    title = normalised(title)
    remaining = _INDIVIDUAL_MANAGER_TITLE.sub(" ", title)
    return _MANAGEMENT_TITLE.search(remaining) is not None
