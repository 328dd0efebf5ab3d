"""A password in a database URL is never printed: not in errors, not in tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.redaction import redact
from tui.cli import commands
from tui.cli.main import main

SECRET = "s3cr3t-Pw"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("postgresql://u:s3cr3t-Pw@h/db", "postgresql://u:***@h/db"),
        (
            "postgresql+psycopg://u:s3cr3t-Pw@h:5432/db?sslmode=require",
            "postgresql+psycopg://u:***@h:5432/db?sslmode=require",
        ),
        ("postgresql://u:s3cr3t@Pw@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u:s3#cr/3t-Pw@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u:s3cr3t%40Pw@h/db", "postgresql://u:***@h/db"),
        ("failed: 'postgresql://a:s3cr3t-Pw@h/x' (b)", "failed: 'postgresql://a:***@h/x' (b)"),
        ("host=h password=s3cr3t-Pw user=u", "host=h password=*** user=u"),
        ("host=h password='s3 cr3t-Pw' user=u", "host=h password=*** user=u"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("sqlite:////home/u/ledger.db", "sqlite:////home/u/ledger.db"),
        (
            "x postgresql://u:a@h/1 y postgresql://v:b@i/2",
            "x postgresql://u:***@h/1 y postgresql://v:***@i/2",
        ),
    ],
)
def test_redact(text: str, shown: str) -> None:
    assert redact(text) == shown


def _unreachable_urls(postgres: str) -> list[str]:
    server = postgres.rsplit("/", 1)[0].replace("postgresql://postgres@", "")
    return [
        f"postgresql://ledger:{SECRET}@127.0.0.1:1/ledger",  # nobody listening
        f"postgresql://ledger:{SECRET}@no-such-host.invalid/ledger",
        f"postgresql://ledger:{SECRET}@{server}/no_such_database",
        f"postgresql://postgres:{SECRET}@{server}/no_such_database",
        f"postgresql://ledger:{SECRET}@host:notaport/ledger",
        f"postgresql://ledger:{SECRET}@@/",
        f"mysql://ledger:{SECRET}@127.0.0.1/ledger",
        f"postgresql://ledger:{SECRET}@127.0.0.1:1/ledger?sslmode=nonsense",
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["verify"],
        ["report", "execution", "--year", "2024"],
        ["record", "kind=payment"],
        ["rebuild"],
    ],
)
def test_no_command_prints_the_password_of_a_bad_database_url(
    postgres: str, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    for url in _unreachable_urls(postgres):
        code = main(["--db", url, *argv])
        out = capsys.readouterr()
        assert code != 0, url
        assert SECRET not in out.out + out.err, url
        assert "Traceback" not in out.err and out.err.startswith("错误："), out.err


def test_unexpected_error_and_its_traceback_are_redacted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(_args: object) -> int:
        raise RuntimeError(f"lost connection to postgresql://ledger:{SECRET}@db/ledger")

    monkeypatch.setattr(commands, "rebuild", boom)
    code = main(["--db", "x.db", "rebuild"])
    err = capsys.readouterr().err
    assert code == 3 and "内部错误（RuntimeError" in err and "postgresql://ledger:***@db" in err
    assert "Traceback" not in err and SECRET not in err
    monkeypatch.setenv("BUDGET_LEDGER_DEBUG", "1")
    assert main(["--db", "x.db", "rebuild"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and SECRET not in err


def test_console_script_never_shows_a_password(tmp_path: Path) -> None:
    """The real executable, as a user runs it: exit status, Chinese message, no secret."""
    url = f"postgresql://ledger:{SECRET}@127.0.0.1:1/ledger"
    env = {**os.environ, "BUDGET_LEDGER_DB": url}
    done = subprocess.run(
        [Path(sys.executable).parent / "budget-ledger", "verify"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "无法访问数据库 postgresql+psycopg://ledger:***@127.0.0.1:1/ledger" in done.stderr
    assert SECRET not in done.stdout + done.stderr
