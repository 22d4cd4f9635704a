"""The `emptychair` command line: a thin click layer over the core library."""

from __future__ import annotations

import gc
import logging
import os
import re
import sys
from collections.abc import Sequence

# numpy (loaded by the store) starts OpenBLAS with a thread per core, which costs a cold
# `ask` about a sixth of its time; nothing here does linear algebra, so one thread does
# the same work. An explicit setting of the variable wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import click

from bot.errors import EmptyChairError, user_message
from bot.i18n import t
from bot.secrets import redact_logs
from handlers.cli.app import AppState, cli, error_language
from handlers.cli.click_i18n import follow_locale

__all__ = ["COMMANDS", "AppState", "cli", "main", "run"]

logger = logging.getLogger("handlers.cli")


#: Each command and the modules that define it (imported when the command is used).
COMMANDS: dict[str, tuple[str, ...]] = {
    "ask": ("handlers.cli.ask",),
    "decisions": ("handlers.cli.decisions",),
    "digest": ("handlers.cli.digest",),
    "feedback": ("handlers.cli.feedback", "handlers.cli.sync"),
    "principles": ("handlers.cli.principles",),
    "report": ("handlers.cli.report",),
    "secret-key": ("handlers.cli.serve",),
    "serve": ("handlers.cli.serve",),
    "settings": ("handlers.cli.settings",),
    "teams-package": ("handlers.cli.teams",),
    "tenants": ("handlers.cli.tenants",),
    "webhook": ("handlers.cli.webhook",),
}
cli.lazy.update(COMMANDS)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status; every failure becomes one line on stderr."""
    debug = os.environ.get("EMPTYCHAIR_DEBUG", "") not in ("", "0")
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    redact_logs()  # no secret from the environment, and nothing token-shaped, is ever logged
    args = list(argv) if argv is not None else sys.argv[1:]
    lang = error_language()
    follow_locale(lang)  # click's own usage errors in the same language
    for number, arg in enumerate(args, start=1):
        if any("\ud800" <= c <= "\udfff" for c in arg):  # invalid UTF-8 arrives as surrogates
            reason = t(
                lang,
                "argument {number} is not valid UTF-8 text (invalid bytes or a lone "
                "surrogate); pass it as UTF-8",
                number=number,
            )
            click.echo(f"error: {reason}", err=True)
            return 2
    try:
        result = cli.main(
            args=args,
            prog_name="emptychair",
            standalone_mode=False,
        )
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("error: " + t(lang, "aborted"), err=True)
        return 1
    except click.ClickException as exc:
        if isinstance(exc, NO_ARGS_IS_HELP):  # a group without its command: its help, as is
            click.echo(exc.format_message(), err=True)
            return exc.exit_code
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = " " + t(lang, "(see '{command} --help')", command=exc.ctx.command_path)
        click.echo(f"error: {_short(exc.format_message())}{hint}", err=True)
        return exc.exit_code
    except EmptyChairError as exc:
        logger.debug("command failed", exc_info=True)
        click.echo(f"error: {_short(user_message(exc, lang, sentence=False))}", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("error: " + t(lang, "interrupted"), err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if debug:
            logger.exception("unexpected failure")
        reason = t(
            lang,
            "unexpected failure ({failure}); run again with EMPTYCHAIR_DEBUG=1 for details",
            failure=f"{type(exc).__name__}: {_one_line(str(exc))}",
        )
        click.echo(f"error: {reason}", err=True)
        return 1


#: click 8.2+ raises this usage error for a group called without a command (8.1 prints
#: the help and exits 0 by itself).
NO_ARGS_IS_HELP: type[Exception] | tuple[()] = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _short(text: str) -> str:
    """A usage error on one line, a very long value it echoes cut short (5,000 digits...)."""
    return _LONG_WORD.sub(lambda m: m.group()[:60] + "…", _one_line(text))


_LONG_WORD = re.compile(r"\S{201,}")


def main() -> None:
    """Console-script entry point."""
    code = run()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        # Output was piped into a command that stopped reading (e.g. `head`).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    # The process ends now and the database is closed: spare the garbage collector its
    # walk over every object at exit (a tenth of a cold `ask`). Exit handlers still run.
    gc.freeze()
    sys.exit(code)
