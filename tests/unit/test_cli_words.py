"""`kiosk run` parses its own words only (its start is timed, issue 17); every other command
line still gets the whole parser, and every command it lists has a handler."""

from __future__ import annotations

import argparse

from kiosk.cli.main import _commands, _parser, _runs_the_kiosk


def _choices(parser: argparse.ArgumentParser) -> set[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_only_kiosk_run_takes_the_short_way() -> None:
    assert _runs_the_kiosk(["run", "--demo"])
    assert _runs_the_kiosk(["-v", "run", "--windowed"])
    assert _runs_the_kiosk(["--verbose", "run"])
    for words in (["--help", "run"], ["-h"], ["--version"], ["sync"], ["status", "run"], []):
        assert not _runs_the_kiosk(words), words


def test_the_short_way_parses_run_as_the_whole_parser_does() -> None:
    words = ["-v", "run", "--demo", "--windowed", "--lang", "en", "--exit-after", "2"]
    assert vars(_parser(only_run=True).parse_args(words)) == vars(_parser().parse_args(words))
    assert _choices(_parser(only_run=True)) == {"run"}


def test_every_command_listed_has_a_handler_and_every_handler_a_parser() -> None:
    assert _choices(_parser()) == set(_commands())
    assert {"run", "sync", "read", "screenshot", "status", "speak", "mirror"} <= set(_commands())
