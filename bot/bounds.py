"""Values no database or encoder can hold, refused with one line before they reach one.

SQLite integers are signed 64-bit: an id beyond that is no id (it used to end in an
`OverflowError`). Text must be valid Unicode to be stored: a lone surrogate (from
invalid UTF-8 in a command-line argument, or `\\ud800` in JSON) cannot be encoded.
`checked` wraps the `Workspace` methods that take ids so every adapter gets the same
one-line `InvalidInput`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

from bot.errors import InvalidInput
from bot.i18n import N_

#: The largest integer SQLite stores (2**63 - 1).
MAX_ID = 2**63 - 1
_SURROGATE = re.compile("[\ud800-\udfff]")
F = TypeVar("F", bound=Callable[..., Any])


def check_int(value: int, what: str = "id") -> int:
    """`value` itself, or `InvalidInput` when it does not fit in 64 bits.

    `what` names the field (`principle_ids`, `id`); the sentence around it is translated.
    """
    if not -MAX_ID - 1 <= value <= MAX_ID:
        largest = f"{MAX_ID:,}"
        if value.bit_length() >= 20_000:  # str() of it would be slow, or refused
            raise InvalidInput(
                N_("{what} is too large (too many digits; the largest is {largest})"),
                field=what,
                what=what,
                largest=largest,
            )
        raise InvalidInput(
            N_("{what} is too large ({digits} digits; the largest is {largest})"),
            field=what,
            what=what,
            digits=f"{len(str(abs(value))):,}",
            largest=largest,
        )
    return value


#: The longest tenant name (Slack's `slack:T…` and Teams' `teams:<GUID>` are far shorter).
MAX_TENANT = 200
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def check_tenant(value: str) -> str:
    """`value` itself, or `InvalidInput` when it is too long or holds control characters."""
    if len(value) > MAX_TENANT or _CONTROL.search(value) or _SURROGATE.search(value):
        raise InvalidInput(
            N_("the tenant name must be at most {limit} characters, without control characters"),
            field="tenant",
            limit=MAX_TENANT,
        )
    return value


def check_unicode(value: str, what: str = "the text") -> str:
    """`value` itself, or `InvalidInput` when it holds a lone surrogate (not valid Unicode)."""
    if _SURROGATE.search(value):
        if what == "the text":
            raise InvalidInput(
                N_("the text is not valid Unicode (invalid UTF-8 or a lone surrogate)"),
                field=what,
            )
        raise InvalidInput(
            N_("{what} is not valid Unicode (invalid UTF-8 or a lone surrogate)"),
            field=what,
            what=what,
        )
    return value


def _check(value: Any, what: str, depth: int = 0) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        check_int(value, what)
    elif isinstance(value, str):
        check_unicode(value, what)
    elif depth < 2 and isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check(item, what, depth + 1)
    elif depth < 1 and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _check(getattr(value, field.name), field.name, depth + 1)


def checked(method: F) -> F:
    """`method` with its arguments checked first: ids fit in 64 bits, text is valid Unicode."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        for value in args:
            _check(value, "the text" if isinstance(value, str) else "id")
        for name, value in kwargs.items():
            _check(value, name)
        return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def check_all(cls: type, names: tuple[str, ...] | None = None) -> None:
    """Wrap the public methods of `cls` (or `names`) with `checked`."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not callable(member) or (names and name not in names):
            continue
        setattr(cls, name, checked(member))
