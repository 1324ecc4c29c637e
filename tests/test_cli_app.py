"""cli_app.for_arguments: building only the command asked for changes nothing seen."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from citeconv import cli  # noqa: F401  (registers every command on the app)
from citeconv.cli_app import app, for_arguments

COMMANDS = sorted(
    info.name or info.callback.__name__.replace("_", "-")
    for info in app.registered_commands
    if info.callback is not None
)


def test_every_command_is_known() -> None:
    assert {"convert", "cite", "dedupe", "check", "writers", "readers", "styles"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("tail", [["--help"], ["--no-such-option"], ["--to"]])
def test_the_narrowed_app_answers_as_the_whole_one(name: str, tail: list[str]) -> None:
    narrowed = for_arguments([name, *tail])
    assert narrowed is not app
    assert [i.callback for i in narrowed.registered_commands] == [
        i.callback
        for i in app.registered_commands
        if (i.name or i.callback.__name__.replace("_", "-")) == name  # type: ignore[union-attr]
    ]
    runner = CliRunner()
    whole = runner.invoke(app, [name, *tail], prog_name="citeconv")
    only = runner.invoke(narrowed, [name, *tail], prog_name="citeconv")
    assert (only.exit_code, only.output) == (whole.exit_code, whole.output)
    assert len(app.registered_commands) == len(COMMANDS)  # the app itself is untouched


@pytest.mark.parametrize(
    "arguments", [[], ["--help"], ["--version"], ["bogus"], ["Convert"], ["-h", "convert"]]
)
def test_anything_but_a_command_first_gets_the_whole_app(arguments: list[str]) -> None:
    assert for_arguments(arguments) is app


def test_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_CITECONV_COMPLETE", "bash_complete")
    assert for_arguments(["convert"]) is app
