"""click's own messages (usage errors) in the language of the locale.

click marks its messages with the standard library's `gettext` (the global domain,
`gettext.textdomain()`, "messages" unless changed) and formats them itself. The English
texts of those our commands can produce are message ids in our catalogs (listed below,
so that extraction keeps them); for a language the bot speaks, `follow_locale` binds the
global domain to a locale directory holding only that language's compiled catalog, so
click's `gettext` finds them. gettext picks the language from the same variables as
`error_language` (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`). English binds nothing:
click then runs exactly as shipped. Help texts are not in the catalogs, so `--help`
stays English.
"""

from __future__ import annotations

import gettext
import logging

from bot.i18n import DEFAULT_LANGUAGE, N_, N_plural, locale_tree

logger = logging.getLogger(__name__)

#: click's messages for the errors of our commands (click 8.x, `click/*.py`).
MESSAGES = (
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("Choose from:\n\t{choices}"),
    N_("{name} {filename!r} is a directory."),
)
#: click's messages with a singular and a plural form.
PLURALS = (
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    N_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    N_plural(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."
    ),
    N_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
)


def follow_locale(lang: str) -> None:
    """Have click write its messages in `lang` (for English, leave click as it is)."""
    if lang == DEFAULT_LANGUAGE:
        return
    try:
        directory = locale_tree(lang, gettext.textdomain())
    except OSError:  # nowhere to write the catalog: click's messages stay English
        logger.debug("no locale directory for click's messages", exc_info=True)
        return
    if directory is not None:
        gettext.bindtextdomain(gettext.textdomain(), str(directory))
