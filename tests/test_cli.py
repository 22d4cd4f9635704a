"""The command-line contract: help with examples, JSON-only stdout, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from handlers.cli import cli as root
from tests.helpers import cli, db_digest


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    commands = root.load_all() if group is root else group.commands
    for name, command in commands.items():
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("path", all_commands(root), ids=lambda p: " ".join(p) or "emptychair")
def test_every_command_has_help_with_an_example(
    capsys: pytest.CaptureFixture[str], path: tuple[str, ...]
) -> None:
    code, out, _ = cli(capsys, *path, "--help")
    assert code == 0
    assert "Example:" in out


def test_help_does_not_create_a_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli(capsys, "--db", str(tmp_path / "x.db"), "ask", "--help")
    assert not (tmp_path / "x.db").exists()


def test_python_dash_m_handlers_cli_is_the_same_cli(tmp_path: Path) -> None:
    env = {**os.environ, "EMPTYCHAIR_DB": str(tmp_path / "m.db")}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "handlers.cli",
            "ask",
            "--json",
            "Should we start charging for returns?",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert json.loads(out.stdout)["principles"]


def test_db_option_and_env_variable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_DB", str(tmp_path / "env.db"))
    assert cli(capsys, "feedback", "add", "Env database snippet")[0] == 0
    assert (tmp_path / "env.db").exists()
    assert (
        cli(capsys, "--db", str(tmp_path / "opt.db"), "feedback", "add", "Option snippet")[0] == 0
    )
    assert (tmp_path / "opt.db").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("principles", "list", "--json"),
        ("feedback", "search", "returns", "--json"),
        ("ask", "--json", "returns?"),
    ],
)
def test_json_output_is_one_document(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, out, err = cli(capsys, *args)
    assert (code, err) == (0, "")
    json.loads(out)


def test_missing_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = cli(capsys, "--db", str(tmp_path / "no" / "x.db"), "ask", "hello there")
    assert (code, out) == (1, "")
    assert (
        err
        == f"error: cannot create the database: the directory {tmp_path / 'no'} does not exist\n"
    )


def _drop_permission_override() -> None:
    """In the child: give up root's power to ignore file permissions (CAP_DAC_OVERRIDE...)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI so that file permissions apply, even when the tests run as root."""
    return subprocess.run(
        [sys.executable, "-m", "handlers.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        preexec_fn=_drop_permission_override if os.geteuid() == 0 else None,
        check=False,
    )


@pytest.fixture
def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="ec-ro-"))
    path.chmod(0o755)
    return path


def test_read_only_directory(shared_dir: Path) -> None:
    ro = shared_dir / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    out = run_unprivileged(["--db", str(ro / "x.db"), "ask", "hello there"], shared_dir)
    assert out.returncode == 1
    assert out.stdout == ""
    assert (
        out.stderr
        == f"error: cannot write the database at {ro / 'x.db'}: check that the directory is writable\n"
    )
    assert not (ro / "x.db").exists()


def test_read_only_database_file_is_reported_and_unchanged(shared_dir: Path) -> None:
    path = shared_dir / "ro.db"
    subprocess.run(
        [sys.executable, "-m", "handlers.cli", "--db", str(path), "feedback", "add", "first"],
        check=True,
        capture_output=True,
        cwd=shared_dir,
    )
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists():
            name.chmod(0o444)
    shared_dir.chmod(0o555)
    before = db_digest(path)
    out = run_unprivileged(["--db", str(path), "feedback", "add", "second"], shared_dir)
    assert out.returncode == 1
    assert out.stderr.startswith("error: ") and out.stderr.count("\n") == 1
    assert "Traceback" not in out.stderr
    assert db_digest(path) == before


def test_corrupt_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(b"\x00garbage" * 500)
    before = path.read_bytes()
    code, out, err = cli(capsys, "--db", str(path), "principles", "list")
    assert (code, out) == (1, "")
    assert (
        err
        == f"error: {path} is not an Empty Chair database (the file is corrupt or of another kind)\n"
    )
    assert path.read_bytes() == before


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "ask")
    assert code == 2 and out == ""
    assert err == "error: Missing argument 'QUESTION'. (see 'emptychair ask --help')\n"
    code, _, err = cli(capsys, "nonsense")
    assert code == 2 and err.count("\n") == 1


def test_one_megabyte_question(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "ask", "why " * 250_000)
    assert (code, out) == (1, "")
    assert err == "error: question is too long (999,999 characters; the limit is 2,000)\n"


def test_unexpected_errors_never_show_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import workspace

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(workspace.Workspace, "answer_for_customer", boom)
    code, out, err = cli(capsys, "ask", "anything at all")
    assert code == 1 and out == ""
    assert err == (
        "error: unexpected failure (RuntimeError: disk on fire); "
        "run again with EMPTYCHAIR_DEBUG=1 for details\n"
    )
    assert "Traceback" not in err
