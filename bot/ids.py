"""Ids typed or selected by a user (`P12`, `F34`, `D7`, `#3`, `12`), parsed in one place."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.bounds import check_int
from bot.errors import InvalidInput
from bot.i18n import N_

#: The largest id SQLite can hold (a signed 64-bit integer).
MAX_ID = 2**63 - 1
#: The letter each kind of id may be written with.
PREFIXES = {"principle_ids": "P", "feedback_ids": "F", "decision_ids": "D"}
_ID_RE = re.compile(r"^#?([A-Za-z]?)(\d{1,4300})$")
_SEPARATORS = re.compile(r"[\s,;]+")


def parse_id(value: object, field: str) -> int:
    """One id of the kind named by `field` (`principle_ids`, …); `InvalidInput` otherwise."""
    prefix = PREFIXES.get(field, "")
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        match = _ID_RE.match(str(value).strip())
        if not match or match.group(1).upper() not in ("", prefix):
            raise InvalidInput(
                N_("{value} is not an id (write them like {example})"),
                field=field,
                value=repr(str(value)[:40]),
                example=f"{prefix}3, {prefix}7",
            )
        number = int(match.group(2))
    check_int(number, field)  # beyond 64 bits: says how many digits and the largest id
    if number <= 0:
        raise InvalidInput(N_("{value} is not an id"), field=field, value=repr(str(value)[:40]))
    return number


def parse_ids(values: str | Iterable[object], field: str) -> list[int]:
    """Ids from text (`P3, P7` or `3 7`) or a list of tokens/ints, each once, in order."""
    items = [values] if isinstance(values, str) else list(values)
    ids: list[int] = []
    for item in items:
        tokens: Iterable[object] = (
            [t for t in _SEPARATORS.split(item.strip()) if t] if isinstance(item, str) else [item]
        )
        for token in tokens:
            number = parse_id(token, field)
            if number not in ids:
                ids.append(number)
    return ids
