"""Help and usage errors in Chinese: argparse's own words translated (for our parser
only), a line of help for every option, and ``record --help`` listing the columns."""

from __future__ import annotations

import argparse

import pytest

from ledger.journal.columns import COLUMNS
from tui.cli.main import main, parser


def usage(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out = capsys.readouterr()
    return int(exit_.value.code or 0), out.out + out.err


def test_help_and_usage_errors_are_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = usage(capsys, "--help")
    assert code == 0 and text.startswith("用法：budget-ledger")
    assert "显示此帮助并退出" in text and "选项" in text
    for english in ("usage:", "show this help", "options:", "positional arguments"):
        assert english not in text
    code, text = usage(capsys, "report", "execution")
    assert code == 2 and "错误：缺少必需的参数：--year" in text
    code, text = usage(capsys, "report", "executio")
    assert code == 2 and "无效的选择 'executio'（可选：'execution'" in text
    code, text = usage(capsys, "report", "execution", "--year", "二〇二四")
    assert code == 2 and "参数 --year：应为整数：二〇二四" in text
    code, text = usage(capsys, "history", "--frm", "2024-01-01")
    assert code == 2 and "无法识别的参数" in text
    # Only our parser speaks Chinese: argparse itself is left as it was.
    assert "usage:" in argparse.ArgumentParser(prog="x").format_usage()


def test_every_option_has_a_line_of_help() -> None:
    def walk(p: argparse.ArgumentParser, name: str) -> list[str]:
        missing = []
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    missing += walk(child, f"{name} {sub}")
            elif not action.help:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
        return missing

    assert walk(parser(), "budget-ledger") == []


def test_record_help_lists_the_columns_and_gives_an_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, text = usage(capsys, "record", "--help")
    assert code == 0
    for name, alias in COLUMNS:
        assert f"  {name}" in text and alias in text
    assert "budget-ledger record kind=payment date=2025-03-01" in text
