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
