"""The ``citeconv`` Typer application, on which every command registers (``cli.py``
and the commands kept in modules of their own, such as ``cli_cite.py``)."""

from __future__ import annotations

import typer

from citeconv import completion

app = typer.Typer(
    name="citeconv",
    add_completion=False,  # citeconv.completion: --install-completion SHELL, values
    cls=completion.CompletingGroup,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def for_arguments(arguments: list[str]) -> typer.Typer:
    """``app``, or a copy of it that holds only the command ``arguments`` start with.

    typer builds the click command of every registered command on each run, reading
    each signature and evaluating its annotations (about 20 ms of the 0.2 s that
    converting one record takes), though one command runs. When the first argument
    names a command, the others cannot be asked for: its help, usage line, options
    and errors are the same (tests/test_cli_app.py compares them). Anything else
    (no command, an option first, an unknown name, shell completion) gets ``app``.
    """
    import copy
    import os

    if not arguments or os.environ.get("_CITECONV_COMPLETE"):
        return app
    chosen = [
        info
        for info in app.registered_commands
        if info.callback is not None
        and (info.name or typer.main.get_command_name(info.callback.__name__)) == arguments[0]
    ]
    if len(chosen) != 1 or app.registered_groups:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    return narrowed
