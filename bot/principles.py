"""Customer-first principles: the built-in library, tenant additions, imports."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.answer.language import guess_language
from bot.errors import Conflict, ImportFailed, InvalidInput, NotFound
from bot.i18n import N_
from bot.importing import read_records
from bot.models import Principle
from bot.search import SearchIndex, tokenize
from bot.store import Store, utcnow
from bot.text import clean, one_line

KIND = "principle"
#: The package's data files (read by path, without `importlib.resources`' zip readers).
DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_TITLE = 200
MAX_BODY = 2_000
MAX_TAGS = 60


@dataclass(frozen=True)
class PrincipleImport:
    """What a principles import did."""

    added: int
    skipped: int


def builtin_principles() -> list[dict[str, Any]]:
    """The built-in library shipped with Empty Chair."""
    text = (DATA_DIR / "principles.json").read_text(encoding="utf-8")
    data: list[dict[str, Any]] = json.loads(text)
    return data


def _row_to_principle(row: dict[str, Any]) -> Principle:
    return Principle(
        id=int(row["id"]),
        title=row["title"],
        body=row["body"],
        tags=tuple(json.loads(row["tags"] or "[]")),
        attribution=row["attribution"] or "",
        language=row["language"] or "en",
        active=bool(row["active"]),
        builtin=row["builtin_key"] is not None,
        key=row["builtin_key"],
    )


def _index_text(title: str, body: str, tags: list[str]) -> str:
    return " ".join([title, " ".join(tags), body])


def _validate(
    title: str | None, body: str | None, tags: list[str] | None
) -> tuple[str, str, list[str]]:
    title = one_line(clean(title or ""))
    body = clean(body or "")
    if not title:
        raise InvalidInput("the principle needs a title", field="title")
    if not body:
        raise InvalidInput("the principle needs a body", field="body")
    if len(title) > MAX_TITLE:
        raise InvalidInput(
            N_("the title is longer than {limit} characters"), field="title", limit=MAX_TITLE
        )
    if len(body) > MAX_BODY:
        raise InvalidInput(
            N_("the body is longer than {limit} characters"), field="body", limit=MAX_BODY
        )
    clean_tags = [one_line(t) for t in (tags or []) if one_line(t)]
    if len(clean_tags) > MAX_TAGS:
        raise InvalidInput(N_("at most {limit} tags"), field="tags", limit=MAX_TAGS)
    return title, body, clean_tags


def _insert(
    store: Store,
    tenant: str,
    title: str,
    body: str,
    tags: list[str],
    attribution: str,
    builtin_key: str | None = None,
) -> int | None:
    """Insert one principle (inside a write transaction); None if the title exists."""
    now = utcnow()
    cursor = store.db.execute(
        "INSERT OR IGNORE INTO principles (tenant, title, body, tags, attribution, language,"
        " active, builtin_key, title_key, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
        [
            tenant,
            title,
            body,
            json.dumps(tags, ensure_ascii=False),
            attribution,
            guess_language(title + " " + body),
            builtin_key,
            title.casefold(),
            now,
            now,
        ],
    )
    if not cursor.rowcount:
        return None
    principle_id = int(cursor.lastrowid or 0)
    SearchIndex(store, tenant, KIND).add([(principle_id, tokenize(_index_text(title, body, tags)))])
    return principle_id


def ensure_seeded(store: Store, tenant: str) -> None:
    """Load the built-in library into a tenant the first time it is used."""
    row = store.db.execute(
        "SELECT principles_seeded_at FROM tenant_state WHERE tenant = ?", [tenant]
    ).fetchone()
    if row and row[0]:
        return
    with store.write(tenant):
        row = store.db.execute(
            "SELECT principles_seeded_at FROM tenant_state WHERE tenant = ?", [tenant]
        ).fetchone()
        if row and row[0]:
            return
        for item in builtin_principles():
            _insert(
                store,
                tenant,
                item["title"],
                item["body"],
                list(item["tags"]),
                item["attribution"],
                builtin_key=item["key"],
            )
        store.db.execute(
            "INSERT INTO tenant_state (tenant, principles_seeded_at) VALUES (?, ?)"
            " ON CONFLICT (tenant) DO UPDATE SET"
            " principles_seeded_at = excluded.principles_seeded_at",
            [tenant, utcnow()],
        )


def list_principles(
    store: Store, tenant: str, *, include_inactive: bool = False
) -> list[Principle]:
    """Every principle of the tenant, oldest first."""
    ensure_seeded(store, tenant)
    where = "tenant = ?" + ("" if include_inactive else " AND active = 1")
    rows = store.query(f"SELECT * FROM principles WHERE {where} ORDER BY id", [tenant])
    return [_row_to_principle(r) for r in rows]


def get_principles(store: Store, tenant: str, ids: list[int]) -> dict[int, Principle]:
    """Principles by id (missing ids are left out)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.query(
        f"SELECT * FROM principles WHERE id IN ({marks}) AND +tenant = ?", [*ids, tenant]
    )
    return {int(r["id"]): _row_to_principle(r) for r in rows}


def builtin_principle(store: Store, tenant: str, key: str) -> Principle | None:
    """A built-in principle by its key (`better-for-customer`), if the tenant has it."""
    rows = store.query(
        "SELECT * FROM principles WHERE tenant = ? AND builtin_key = ?", [tenant, key]
    )
    return _row_to_principle(rows[0]) if rows else None


def add_principle(
    store: Store,
    tenant: str,
    title: str,
    body: str,
    tags: list[str] | None = None,
    attribution: str = "",
) -> Principle:
    """Add a principle; `Conflict` if one with the same title exists."""
    ensure_seeded(store, tenant)
    title, body, clean_tags = _validate(title, body, tags)
    with store.write(tenant):
        new_id = _insert(store, tenant, title, body, clean_tags, one_line(attribution))
    if new_id is None:
        raise Conflict(N_("a principle titled {title!r} already exists"), title=title)
    return get_principles(store, tenant, [new_id])[new_id]


def set_active(store: Store, tenant: str, principle_id: int, active: bool) -> Principle:
    """Disable or re-enable a principle (it stays in the history of decisions citing it)."""
    with store.write(tenant):
        cursor = store.db.execute(
            "UPDATE principles SET active = ?, updated_at = ? WHERE tenant = ? AND id = ?",
            [int(active), utcnow(), tenant, principle_id],
        )
        if not cursor.rowcount:
            raise NotFound(N_("no principle with id {id}"), id=principle_id)
    return get_principles(store, tenant, [principle_id])[principle_id]


def import_principles(store: Store, tenant: str, path: Path) -> PrincipleImport:
    """Import CSV or JSON Lines (`title`, `body`, optional `tags`, `attribution`).

    All or nothing: a bad row stops the import and nothing is written. Titles that
    already exist are skipped, so importing the same file twice adds nothing.
    """
    ensure_seeded(store, tenant)
    added = skipped = 0
    with store.write(tenant):
        for record in read_records(path, required=("title", "body")):
            try:
                tags_value = record.values.get("tags") or ""
                tags = _parse_tags(tags_value)
                title, body, clean_tags = _validate(
                    record.values.get("title"), record.values.get("body"), tags
                )
            except InvalidInput as exc:
                raise ImportFailed.at(exc, line=record.line, column=exc.field) from exc
            new_id = _insert(
                store,
                tenant,
                title,
                body,
                clean_tags,
                one_line(str(record.values.get("attribution") or "")),
            )
            if new_id is None:
                skipped += 1
            else:
                added += 1
    return PrincipleImport(added=added, skipped=skipped)


def _parse_tags(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    text = str(value)
    separator = ";" if ";" in text else ","
    return [t.strip() for t in text.split(separator) if t.strip()]
