"""The README's command-line reference and the CLI agree: every command is documented,
every documented command and option exists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from handlers.cli import cli as root

README = Path(__file__).resolve().parents[1] / "README.md"
Path_ = tuple[str, ...]


def leaf_commands(group: click.Group, prefix: Path_ = ()) -> Iterator[tuple[Path_, click.Command]]:
    """Every runnable command under `group`, with its words."""
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


root.load_all()  # commands load lazily; the reference covers every one
COMMANDS = dict(leaf_commands(root))


def reference() -> str:
    """The README's *Command-line reference* section."""
    text = README.read_text(encoding="utf-8")
    return text.split("## Command-line reference", 1)[1].split("\n## ", 1)[0]


def usages() -> list[str]:
    """The usage spans of the reference table's first column, e.g. `feedback delete ID`;
    `principles disable ID` / `enable ID` becomes two, the second with its group."""
    found = []
    for row in reference().splitlines():
        if not row.startswith("| `"):
            continue
        group: Path_ = ()
        for usage in re.findall(r"`([^`]+)`", re.split(r"(?<!\\)\|", row)[1]):
            if usage.split()[0] not in root.commands:
                usage = " ".join((*group, usage))
            found.append(usage)
            group = command_path(usage)[:-1]
    return found


def command_path(usage: str) -> Path_:
    """The command words at the start of a usage."""
    node: click.Command = root
    path: list[str] = []
    for word in usage.split():
        if not isinstance(node, click.Group) or word not in node.commands:
            break
        path.append(word)
        node = node.commands[word]
    return tuple(path)


def options_of(command: click.Command) -> set[str]:
    """Every spelling of every option of a command."""
    return {o for p in command.params for o in (*p.opts, *p.secondary_opts)}


def test_the_reference_has_a_row_per_command() -> None:
    assert len(usages()) >= len(COMMANDS) > 30


@pytest.mark.parametrize("usage", usages())
def test_every_documented_command_and_option_exists(usage: str) -> None:
    path = command_path(usage)
    assert path in COMMANDS, f"the README documents {usage!r}, which the CLI does not have"
    named = {
        o for word in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", usage) for o in word.split("/")
    }
    assert named <= options_of(COMMANDS[path]), f"{usage!r}: no such option"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_is_in_the_reference_with_its_options(path: Path_) -> None:
    documented = [u for u in usages() if command_path(u) == path]
    assert documented, f"`emptychair {' '.join(path)}` is not in the README's reference"
    usage = " ".join(documented)
    if "[...]" in usage or usage.rstrip().endswith("..."):
        return  # the row says so: "see `decisions log --help` for every field"
    for param in COMMANDS[path].params:
        if isinstance(param, click.Option) and not param.hidden:
            spellings = (*param.opts, *param.secondary_opts)
            assert any(re.search(re.escape(o) + r"(?![\w-])", usage) for o in spellings), (
                f"`emptychair {' '.join(path)}`: {param.opts[-1]} is not in the reference"
            )


def test_the_global_options_are_documented() -> None:
    section = reference()
    for param in root.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            assert param.opts[-1] in section, param.opts
