"""Import files as they come: mapped columns, detected delimiters and encodings, dates,
dry runs, bounded memory and one-line reasons for hostile input."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import ImportFailed, InvalidInput
from bot.workspace import Workspace
from tests.helpers import cli, db_digest

ROOT = Path(__file__).resolve().parents[1]
ZENDESK = (
    "Ticket ID;Body;Organization;Created at;Requester email\n"
    '101;"Zwroty trwają za długo, piszcie na jan@example.com";Acme Sp. z o.o.;25/11/2026;'
    "jan@example.com\n"
    "102;Free returns are why we stay;Globex;01/02/2026;ops@globex.example\n"
)
MAPS = (
    "--map", "text=Body", "--map", "customer=Organization", "--map", "created_at=Created at",
    "--map", "external_id=Ticket ID", "--map", "email=Requester email",
    "--date-format", "%d/%m/%Y",
)  # fmt: skip


def stored(ws: Workspace) -> list[tuple[str, str | None, str | None, str | None]]:
    rows = ws.store.query(
        "SELECT text, customer, created_at, external_id FROM feedback WHERE tenant = ? ORDER BY id",
        [ws.tenant],
    )
    return [(r["text"], r["customer"], r["created_at"], r["external_id"]) for r in rows]


EXPECTED = [
    ("Zwroty trwają za długo, piszcie na [email]", "Acme Sp. z o.o.", "2026-11-25", "101"),
    ("Free returns are why we stay", "Globex", "2026-02-01", "102"),
]


@pytest.mark.parametrize(
    "encoding,bom",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
     ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")],
)  # fmt: skip
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_mapped_columns_any_delimiter_any_encoding(
    ws: Workspace, tmp_path: Path, encoding: str, bom: bytes, delimiter: str
) -> None:
    text = ZENDESK
    if delimiter != ";":
        # Quote every cell, so that the commas in the text stay inside their cell.
        lines = [
            delimiter.join(f'"{c.strip(chr(34))}"' for c in line.split(";"))
            for line in ZENDESK.splitlines()
        ]
        text = "\n".join(lines) + "\n"
    path = tmp_path / "zendesk.csv"
    path.write_bytes(bom + text.encode(encoding))
    mapping = {"text": "Body", "customer": "Organization", "created_at": "Created at"}
    mapping |= {"external_id": "Ticket ID", "email": "Requester email"}
    result = ws.import_feedback(path, mapping=mapping, date_format="%d/%m/%Y")
    assert (result.rows, result.added) == (2, 2)
    assert stored(ws) == EXPECTED


def test_the_cli_maps_columns_and_a_dry_run_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "x.db")
    path = tmp_path / "zendesk.csv"
    path.write_text(ZENDESK, encoding="utf-8")
    assert cli(capsys, "--db", db, "principles", "list")[0] == 0
    before = db_digest(Path(db))
    code, out, err = cli(capsys, "--db", db, "feedback", "import", str(path), *MAPS, "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "1. Zwroty trwają za długo, piszcie na [email]",
        "   customer=Acme Sp. z o.o.  sentiment=neutral  language=pl  created_at=2026-11-25"
        "  external_id=101",
        "2. Free returns are why we stay",
        "   customer=Globex  sentiment=neutral  language=en  created_at=2026-02-01"
        "  external_id=102",
        "Dry run: 2 rows read, 2 would be added, 0 already stored or repeated."
        " Nothing was written.",
    ]
    assert db_digest(Path(db)) == before
    code, out, _ = cli(
        capsys, "--db", db, "feedback", "import", str(path), *MAPS, "--dry-run", "--json"
    )
    data = json.loads(out)
    assert (data["rows"], data["new"], data["duplicates"]) == (2, 2, 0)
    assert [r["created_at"] for r in data["first"]] == ["2026-11-25", "2026-02-01"]
    assert db_digest(Path(db)) == before
    code, out, _ = cli(capsys, "--db", db, "feedback", "import", str(path), *MAPS)
    assert (code, out) == (0, "Imported 2 of 2 rows (0 already stored).\n")
    code, out, _ = cli(capsys, "--db", db, "feedback", "import", str(path), *MAPS, "--dry-run")
    assert out.splitlines()[-1].startswith("Dry run: 2 rows read, 0 would be added, 2 already")


@pytest.mark.parametrize(
    "args,message",
    [
        (("--map", "txt=Body"), "error: unknown field 'txt' in --map; fields are: text,"),
        (("--map", "text"), "expected FIELD=COLUMN, e.g. text=Body (got 'text')"),
        (("--map", "text=Nope"), "error: line 1: no column 'nope' in the header (found:"),
        (("--map", "text=Body", "--date-format", "%Y-%m-%d", "--map", "created_at=Created at"),
         "error: line 2, column 'created_at': created_at '25/11/2026' does not match the date"),
        (("--map", "text=Body", "--map", "created_at=Created at"),
         "error: line 2, column 'created_at': created_at '25/11/2026' is not a date"),
    ],
)  # fmt: skip
def test_bad_mappings_and_dates_get_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "zendesk.csv"
    path.write_text(ZENDESK, encoding="utf-8")
    code, out, err = cli(
        capsys, "--db", str(tmp_path / "x.db"), "feedback", "import", str(path), *args
    )
    assert (code, out) == (2 if "FIELD=COLUMN" in message else 1, "")
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "content,message",
    [
        (b'{"text": "a\xff"}\n', "line 1: not valid UTF-8 (byte 12 of the line)"),
        (b'{"text": "ok"}\n{"text": "\\ud800 lone"}\n', "line 2, column 'text': text with a lone"),
        (b'{"text": "ok"}\n' + b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
         "line 2: JSON nested deeper than 64 levels"),
        (b'{"text": "x", "n": ' + b"7" * 5_000 + b"}\n", "line 1: not valid JSON (a number too long)"),
        (b'{"text": "ok"}\n\n[1, 2]\n', "line 3: each line must be a JSON object"),
        (b'{"text": {"a": 1}}\n', "line 1, column 'text': expected text, found a JSON object"),
    ],
)  # fmt: skip
def test_hostile_json_lines_get_a_reason_and_a_line(
    ws: Workspace, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as excinfo:
        ws.import_feedback(path)
    assert excinfo.value.message.startswith(message)
    assert "\n" not in excinfo.value.message
    assert ws.store.query("SELECT count(*) AS n FROM feedback") == [{"n": 0}]


def test_devices_pipes_and_directories_are_refused(ws: Workspace, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path, reason in [
        (Path("/dev/zero"), "is not a regular file (a device or a pipe)"),
        (fifo, "is not a regular file (a device or a pipe)"),
        (tmp_path, "is a directory"),
    ]:
        with pytest.raises(InvalidInput) as excinfo:
            ws.import_feedback(path)
        assert reason in excinfo.value.message


def test_long_lines_and_unclosed_quotes_are_refused_by_line(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(b"text\nfine\n" + b"x" * (1024 * 1024 + 10) + b"\n")
    with pytest.raises(ImportFailed, match=r"^line 3: the line is longer than 1,024 KiB"):
        ws.import_feedback(path)
    path.write_bytes(b'text\n"open quote\n' + (b"y" * 1000 + b"\n") * 5000)
    with pytest.raises(ImportFailed, match=r"^line 2: malformed CSV: a field longer than 1,000,"):
        ws.import_feedback(path)
    field = b'"' + (b"v" * 999 + b"\n") * 900 + b'"'
    path.write_bytes(b"text,a,b,c,d,e\n" + b",".join([field] * 6) + b"\n")
    with pytest.raises(ImportFailed, match=r"^line \d+: a row longer than 4 MiB"):
        ws.import_feedback(path)


MEASURE = """
import resource, sys
from pathlib import Path
from bot.errors import EmptyChairError
from bot.store import Store
from bot.workspace import Workspace
ws = Workspace(Store(sys.argv[1]), "default")
try:
    ws.import_feedback(Path(sys.argv[2]))
    print("imported")
except EmptyChairError as exc:
    print(exc.message[:80])
# VmHWM is this process's own peak; ru_maxrss also counts the parent it was forked from
# (a pytest worker of 300 MB made this test fail while the import itself peaked at 44 MB).
status = Path("/proc/self/status")
hwm = [l for l in status.read_text().splitlines() if l.startswith("VmHWM:")] if status.exists() else []
print(int(hwm[0].split()[1]) // 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.parametrize("shape", ["one 50 MB line", "one 50 MB quoted field over many lines"])
def test_a_huge_line_keeps_peak_memory_low(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"text,customer\nok,Acme\n")
        if shape.startswith("one 50 MB line"):
            handle.write(b"z" * (50 * 1024 * 1024) + b",Big\n")
        else:
            handle.write(b'"' + (b"w" * 1023 + b"\n") * (50 * 1024) + b'",Big\n')
    child = subprocess.run(
        [sys.executable, "-c", MEASURE, str(tmp_path / "m.db"), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    reason, peak_mb = child.stdout.splitlines()
    assert reason.startswith("line 3:")
    assert int(peak_mb) < 300, child.stdout
    assert resource.RUSAGE_CHILDREN  # measured in the child itself (ru_maxrss above)
