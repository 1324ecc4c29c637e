"""Shell completion: ``--install-completion SHELL``, ``--show-completion SHELL``, and
the values of the options that take a name (writers, readers, styles, locales, the
fixed choices).

typer's own two options (``add_completion=True``) take no shell: they ask
shellingham which shell started the process, so ``citeconv --show-completion zsh``
run from bash printed bash's script, and run from sh or make printed "Shell sh not
supported". Here the shell is named, as packagers and dotfiles need; the scripts,
the installers and the completion protocol (``_CITECONV_COMPLETE``) are typer's.

Start-up imports nothing beyond typer, which cli.py imports anyway: each completer
imports what it lists only when the shell asks (TAB).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

#: The shells typer has completion scripts for.
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")

#: (value, description) pairs; the description shows in zsh, fish and PowerShell.
Values = list[tuple[str, str]]

#: Titles are read (4 KB of each file) only for this many matching styles or fewer.
MAX_TITLED_STYLES = 40


def writers(incomplete: str) -> Values:
    """Writer names and aliases (built-in and plug-ins), with their descriptions."""
    from citeconv.writers import available_writers

    found: Values = []
    for info in available_writers():
        found.append((info.name, info.cls.description))
        found += [(alias, f"= {info.name}") for alias in info.cls.aliases]
    return found


def readers(incomplete: str) -> Values:
    """``auto`` and the reader names and aliases, with their descriptions."""
    from citeconv.readers import AUTO, available_readers

    found: Values = [(AUTO, "by content, then by suffix")]
    for cls in available_readers():
        found.append((cls.name, cls.description))
        found += [(alias, f"= {cls.name}") for alias in cls.aliases]
    return found


def _looks_like_path(incomplete: str) -> bool:
    return incomplete.startswith((".", "~", os.sep)) or os.sep in incomplete


def styles(incomplete: str) -> Values:
    """The ``.csl`` files here, the style aliases and the ~10,800 style ids; titles
    for a few matches only. Nothing for a path (``./``, ``~/``, ``a/b``): the shell
    completes files when a completer offers nothing."""
    if _looks_like_path(incomplete):
        return []
    from citeconv.csl.catalogue import shipped_style, style_info
    from citeconv.csl.styles import STYLE_ALIASES, style_ids

    here: Values = []
    with contextlib.suppress(OSError), os.scandir(".") as entries:
        for _, entry in zip(range(10_000), entries, strict=False):
            if entry.name.lower().endswith(".csl") and entry.name.startswith(incomplete):
                here.append((entry.name, "style file"))
    aliases = [(alias, f"= {target}") for alias, target in STYLE_ALIASES.items()]
    ids = [style_id for style_id in style_ids() if style_id.startswith(incomplete)]
    if len(ids) > MAX_TITLED_STYLES:
        return [*here, *aliases, *((style_id, "") for style_id in ids)]
    titled: Values = []
    for style_id in ids:
        path = shipped_style(style_id)
        titled.append((style_id, style_info(path).title if path else ""))
    return [*here, *aliases, *titled]


def locales(incomplete: str) -> Values:
    """The locale tags citeproc-py has, with their English names."""
    from citeconv.csl.styles import locales as known

    table = known()
    return [(tag, table.names.get(tag, ("", ""))[-1]) for tag in table.tags.values()]


def markups(incomplete: str) -> Values:
    """--markup's choices."""
    from citeconv.writers.formatted import MARKUPS

    return [(markup, "") for markup in MARKUPS]


def mappings(incomplete: str) -> Values:
    """--mapping's choices."""
    from citeconv.readers.ris.mapping import MAPPINGS

    return [(mapping, "") for mapping in MAPPINGS]


def case_protections(incomplete: str) -> Values:
    """--protect-case's choices."""
    from citeconv.latex import CASE_PROTECTIONS

    return [(choice, "") for choice in CASE_PROTECTIONS]


def shells(incomplete: str) -> Values:
    """The shells of --install-completion and --show-completion."""
    return [(shell, "") for shell in SHELLS]


#: The options whose values the shell completes, in every command that has them (a
#: command added later with a --to or --from gets its completion here, unasked).
VALUE_COMPLETERS: dict[str, Callable[[str], Values]] = {
    "--to": writers,
    "--from": readers,
    "--style": styles,
    "--locale": locales,
    "--markup": markups,
    "--mapping": mappings,
    "--protect-case": case_protections,
    "--install-completion": shells,
    "--show-completion": shells,
}


class CompletingGroup(TyperGroup):
    """citeconv's root command (``typer.Typer(cls=...)``): typer's group, with the
    completion of :data:`VALUE_COMPLETERS` attached to its and its commands' options."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        # typer registers its shells' completion classes only with add_completion=True.
        from typer._completion_classes import completion_init

        completion_init()
        for command in [self, *self.commands.values()]:
            for param in command.params:
                names = [name for name in param.opts if name in VALUE_COMPLETERS]
                if names:
                    _attach(param, VALUE_COMPLETERS[names[0]])


def _attach(param: Any, values: Callable[[str], Values]) -> None:
    """Complete ``param``'s value from ``values``. ``_custom_shell_complete`` is where
    click keeps a ``shell_complete=`` argument and where typer puts an
    ``autocompletion=`` one after making the option, as here: one table instead of an
    argument on every such option of every command (cli.py is near its 800 lines)."""

    def complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        return [
            CompletionItem(value, help=description or None)
            for value, description in values(incomplete)
            if value.startswith(incomplete)
        ]

    param._custom_shell_complete = complete


def check_shell(shell: str) -> str:
    """``shell`` if typer has a script for it, else a UsageError with a suggestion."""
    from citeconv.suggest import check_choice

    check_choice("shell", shell, SHELLS)
    return shell


def _install(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from typer.completion import install_callback

    shell = _checked(value)
    # typer says where it installed on stdout; stdout is for data (and the script).
    try:
        with contextlib.redirect_stdout(sys.stderr):
            install_callback(ctx, param, shell)
    except OSError as exc:  # a file not writable; PowerShell not installed
        sys.stderr.write(f"citeconv: error: cannot install {shell} completion: {exc}\n")
        raise typer.Exit(1) from None


def _show(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from typer.completion import show_callback

    show_callback(ctx, param, _checked(value))


def _checked(shell: str) -> str:
    from citeconv.diagnostics import UsageError

    try:
        return check_shell(shell)
    except UsageError as exc:  # before any command: guarded() is not around yet
        sys.stderr.write(f"citeconv: error: {exc.message}\n")
        raise typer.Exit(exc.exit_code) from None


InstallOption = Annotated[
    str | None,
    typer.Option(
        "--install-completion",
        metavar="SHELL",
        callback=_install,
        expose_value=False,
        is_eager=True,
        help="Install completion for SHELL (bash, zsh, fish, powershell or pwsh) where "
        "that shell looks for it; new shells complete commands, options, writers, "
        "readers, styles and locales.",
    ),
]
ShowOption = Annotated[
    str | None,
    typer.Option(
        "--show-completion",
        metavar="SHELL",
        callback=_show,
        expose_value=False,
        is_eager=True,
        help="Print the completion script for SHELL, to install it by hand or package it.",
    ),
]
