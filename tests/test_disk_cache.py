"""The cache of derived files: used while its sources are unchanged, rebuilt otherwise,
and never needed (an unwritable or damaged cache gives the same results)."""

from __future__ import annotations

import gettext
import io
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot import disk_cache, i18n
from bot.answer import concepts, cues
from bot.answer.phrases import PhraseIndex, cached_index

MESSAGE = "the question has no words to search for"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test."""
    directory = tmp_path / "derived"
    monkeypatch.setenv(disk_cache.CACHE_DIR_ENV, str(directory))
    return directory


@pytest.fixture
def unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory that cannot be created (its parent is a file; works as root too)."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file", encoding="utf-8")
    monkeypatch.setenv(disk_cache.CACHE_DIR_ENV, str(blocker / "cache"))
    return blocker / "cache"


@pytest.fixture
def locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the catalogs that a test may edit; no translator cached before or after."""
    copy = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, copy)
    monkeypatch.setattr(i18n, "LOCALE_DIR", copy)
    i18n.translator.cache_clear()
    yield copy
    i18n.translator.cache_clear()


def test_the_cache_directory_comes_from_the_environment(tmp_path: Path) -> None:
    assert disk_cache.cache_dir({"EMPTYCHAIR_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert disk_cache.cache_dir({"XDG_CACHE_HOME": "/x/cache"}) == Path("/x/cache/emptychair")
    assert disk_cache.cache_dir({}) == Path.home() / ".cache" / "emptychair"


def test_without_a_home_directory_nothing_is_cached(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(disk_cache.CACHE_DIR_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(disk_cache.Path, "home", classmethod(lambda cls: cls("~")))
    assert disk_cache.cache_dir() is None
    assert not disk_cache.write("entry", b"data")
    assert disk_cache.read("entry") is None
    built: list[int] = []
    index = cached_index("t", "v", [], lambda: _counting([("a", "free returns")], built))
    assert [h.label for h in index.find("free returns")] == ["a"]
    assert list(tmp_path.iterdir()) == []  # nothing written to the working directory


def _compiled(directory: Path, lang: str) -> list[Path]:
    return sorted(directory.glob(f"emptychair-{lang}-*.mo"))


def test_a_catalog_is_compiled_once_to_a_standard_mo_and_read_back(
    cache: Path, locale: Path
) -> None:
    polish = i18n.t("pl", MESSAGE)
    assert polish != MESSAGE
    [mo] = _compiled(cache, "pl")
    po = (locale / "pl" / "LC_MESSAGES" / "emptychair.po").read_bytes()
    assert mo.read_bytes() == i18n.compile_catalog("pl", po)
    # A standard gettext file: the library reads it without Babel.
    assert gettext.GNUTranslations(io.BytesIO(mo.read_bytes())).gettext(MESSAGE) == polish
    i18n.translator.cache_clear()
    # The entry named after this .po is what the next process reads (no compiling).
    mo.write_bytes(i18n.compile_catalog("pl", po.replace(polish.encode(), b"from the cache")))
    assert i18n.t("pl", MESSAGE) == "from the cache"  # the next process reads the .mo


def test_an_edited_po_is_compiled_again(cache: Path, locale: Path) -> None:
    before = i18n.t("pl", MESSAGE)
    [old] = _compiled(cache, "pl")
    po = locale / "pl" / "LC_MESSAGES" / "emptychair.po"
    po.write_bytes(po.read_bytes().replace(before.encode(), b"zmieniony przeklad", 1))
    i18n.translator.cache_clear()
    assert i18n.t("pl", MESSAGE) == "zmieniony przeklad"
    [new] = _compiled(cache, "pl")
    assert new != old and not old.exists()


def test_a_damaged_mo_is_compiled_again(cache: Path, locale: Path) -> None:
    expected = i18n.t("ja", MESSAGE)
    [mo] = _compiled(cache, "ja")
    for damaged in (b"", b"not a catalog", mo.read_bytes()[:40]):
        mo.write_bytes(damaged)
        i18n.translator.cache_clear()
        assert i18n.t("ja", MESSAGE) == expected


def test_catalogs_work_when_the_cache_cannot_be_written(unwritable: Path, locale: Path) -> None:
    assert i18n.t("th", MESSAGE) != MESSAGE
    assert i18n.nt("pl", "{n} customer", "{n} customers", 5) == i18n.translator("pl").ngettext(
        "{n} customer", "{n} customers", 5
    ).format(n=5)
    assert not unwritable.exists()


def test_an_entry_of_another_user_is_not_read(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert disk_cache.write("entry", b"data")
    assert disk_cache.read("entry") == b"data"
    real = disk_cache.os.getuid
    monkeypatch.setattr(disk_cache.os, "getuid", lambda: real() + 1)
    assert disk_cache.read("entry") is None


def _counting(phrases: list[tuple[str, str]], built: list[int]) -> PhraseIndex:
    built.append(1)
    return PhraseIndex(phrases)


def test_a_phrase_index_is_built_once_then_read_from_the_cache(cache: Path, tmp_path: Path) -> None:
    code = tmp_path / "rules.py"
    code.write_text("RULES = 1\n", encoding="utf-8")
    phrases = [("fee", "shipping fee"), ("fee", "送料"), ("returns", "free returns")]
    built: list[int] = []
    text = "Do customers mind a shipping fee? 送料は高い"

    def index(data: str) -> PhraseIndex:
        return cached_index("test", data, [str(code)], lambda: _counting(phrases, built))

    first = index("v1")
    again = index("v1")
    assert len(built) == 1
    assert again.find(text) == first.find(text) == PhraseIndex(phrases).find(text)
    assert again.state() == PhraseIndex(phrases).state()
    index("v2")  # the vocabulary changed
    assert len(built) == 2
    code.write_text("RULES = 2\n", encoding="utf-8")  # the code that builds it changed
    index("v2")
    assert len(built) == 3
    entry = cache / "phrases-test.marshal"
    entry.write_bytes(entry.read_bytes()[:50])  # damaged
    assert index("v2").find(text) == first.find(text)
    assert len(built) == 4


def test_phrase_indexes_work_when_the_cache_cannot_be_written(unwritable: Path) -> None:
    built: list[int] = []
    for _ in range(2):
        index = cached_index("t", "v", [], lambda: _counting([("a", "free returns")], built))
        assert [h.label for h in index.find("We love free returns")] == ["a"]
    assert len(built) == 2 and not unwritable.exists()


def test_the_built_in_indexes_from_the_cache_equal_fresh_builds(cache: Path) -> None:
    fresh = concepts._build_index().state()
    for _ in range(2):  # built and written, then read back
        concepts.concept_index.cache_clear()
        assert concepts.concept_index().state() == fresh
    concepts.concept_index.cache_clear()
    assert (cache / "phrases-concepts.marshal").is_file()
    for categories in (cues.ACTIONS, cues.NEGATIONS, cues.ATTITUDES):
        built = cues._index(categories).state()  # an empty cache: built
        entry = cache / ("phrases-cues-" + "-".join(categories) + ".marshal")
        assert entry.is_file()
        assert cues._index(categories).state() == built  # read back
        assert sum(len(v) for v in built[0].values()) + sum(len(v) for v in built[1].values())


def test_writers_at_the_same_time_leave_one_whole_entry(cache: Path) -> None:
    value = {"term": [(("a", "b"), ("aa", "bb"), "label", "a b")] * 200}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(lambda _: disk_cache.cached_value("race", "k", lambda: value), range(32))
        )
    assert all(r == value for r in results)
    assert disk_cache.cached_value("race", "k", lambda: {}) == value  # read back whole
    assert sorted(p.name for p in cache.iterdir()) == ["race"]  # no partial file left
