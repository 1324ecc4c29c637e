"""The command as a shell user meets it: "did you mean", completion, the man pages.

Each test runs the installed ``citeconv`` (conftest.run_citeconv) unless it checks a
helper in-process; completion runs through the environment variables a shell's
completion script sets (``_CITECONV_COMPLETE`` and ``COMP_WORDS``/``COMP_CWORD`` for
bash, ``_TYPER_COMPLETE_ARGS`` for zsh).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, citeconv_command, run_citeconv

MAN_DIR = ROOT / "docs" / "man"
MANPAGE_TOOL = ROOT / "tools" / "manpage.py"


def _stderr(*args: str) -> str:
    done = run_citeconv(*args)
    assert done.returncode == 2, done.stderr
    assert done.stdout == b""
    text = done.stderr.decode()
    assert "Traceback" not in text
    return text


# --- did you mean ---------------------------------------------------------------


def test_unknown_writer_suggests_the_nearest() -> None:
    text = _stderr("convert", str(SAMPLE), "--to", "bibtx")
    assert text.startswith(
        "citeconv: error: unknown writer 'bibtx'; did you mean bibtex? (writers: apa, biblatex, "
    )


def test_unknown_reader_suggests_the_nearest() -> None:
    text = _stderr("convert", str(SAMPLE), "--from", "medlin", "--to", "bibtex")
    assert "unknown input format 'medlin'; did you mean medline? (formats: auto, " in text
    dedupe = _stderr("dedupe", str(SAMPLE), "--from", "wos-tabb", "--to", "ris")
    assert "did you mean wos-tab?" in dedupe


def test_unknown_style_suggests_catalogue_ids() -> None:
    text = _stderr("convert", str(SAMPLE), "--to", "csl", "--style", "iee")
    assert "unknown style 'iee'; did you mean ieee? (see 'citeconv styles'" in text
    several = _stderr("convert", str(SAMPLE), "--to", "csl", "--style", "chicago-author")
    assert "did you mean chicago-author-date, chicago-author-date-de or " in several
    # An alias is a candidate too.
    alias = _stderr("convert", str(SAMPLE), "--to", "csl", "--style", "vancover")
    assert "did you mean vancouver?" in alias


def test_nothing_near_suggests_nothing() -> None:
    text = _stderr("convert", str(SAMPLE), "--to", "csl", "--style", "qqqqzzzz")
    assert text == (
        "citeconv: error: unknown style 'qqqqzzzz' (see 'citeconv styles' for the list, "
        "or give a path to a .csl file)\n"
    )


def test_style_file_not_found_suggests_files_beside_it_and_the_id(tmp_path: Path) -> None:
    (tmp_path / "journal-style.csl").write_text("<style/>", encoding="utf-8")
    text = _stderr("convert", str(SAMPLE), "--to", "csl", "--style", f"{tmp_path}/journal-styl.csl")
    assert f"did you mean {tmp_path}/journal-style.csl?" in text
    named = _stderr("convert", str(SAMPLE), "--to", "csl", "--style", "apa.csl", "-q")
    assert "style file not found: apa.csl; did you mean the style apa?" in named


def test_style_suggestions_are_fast() -> None:
    """10,844 ids: rapidfuzz takes under a millisecond (difflib took 25 ms)."""
    from citeconv.csl.styles import STYLE_ALIASES, style_ids
    from citeconv.suggest import CATALOGUE_CUTOFF, nearest

    choices = [*STYLE_ALIASES, *style_ids()]
    assert len(choices) > 10_000
    assert nearest("iee", choices, cutoff=CATALOGUE_CUTOFF) == ["ieee"]
    times = []
    for _ in range(5):
        start = time.perf_counter()
        nearest("amercan-medical-asociation", choices, cutoff=CATALOGUE_CUTOFF)
        times.append(time.perf_counter() - start)
    assert min(times) < 0.010, times


@pytest.mark.parametrize(
    ("tag", "meant"),
    [
        ("en-UK", "did you mean en-GB?"),  # ISO 3166: GB, not UK (uk is Ukrainian)
        ("jp", "did you mean ja-JP?"),  # a country's code for its language
        ("german", "did you mean de-DE, de-AT or de-CH?"),  # a language's name
        ("en-AU", "did you mean en-US or en-GB?"),  # the language's other regions
        ("frnch", "did you mean fr-FR?"),  # a misspelt name
    ],
)
def test_unknown_locale_suggests_what_was_meant(tag: str, meant: str) -> None:
    text = _stderr("convert", str(SAMPLE), "--to", "apa", "--locale", tag)
    assert f"unknown locale {tag!r}; {meant} (e.g. en-US" in text


def test_locale_case_and_underscore_do_not_matter() -> None:
    done = run_citeconv("convert", str(SAMPLE), "--to", "apa", "--locale", "EN_gb", "-q")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--markup",
            "htm",
            "unknown markup 'htm'; did you mean html? (use text, html or markdown)",
        ),
        (
            "--mapping",
            "zoter",
            "unknown mapping 'zoter'; did you mean zotero? (use endnote or zotero)",
        ),
        ("--mapping", "Zotero", "unknown mapping 'Zotero'; did you mean zotero?"),
        (
            "--encoding",
            "utf8x",
            "--encoding: unknown encoding 'utf8x'; did you mean utf8 or utf-8?",
        ),
    ],
)
def test_fixed_choices_suggest(option: str, value: str, message: str) -> None:
    text = _stderr("convert", str(SAMPLE), "--to", "apa", option, value)
    assert message in text


def test_bibtex_options_suggest() -> None:
    case = _stderr("convert", str(SAMPLE), "--to", "bibtex", "--protect-case", "non")
    assert "unknown --protect-case 'non'; did you mean none? (use auto, none or all)" in case
    field = _stderr("convert", str(SAMPLE), "--to", "bibtex", "--key-format", "{auther}{year}")
    assert "unknown key field {auther} in '{auther}{year}'; did you mean {author}" in field
    modifier = _stderr("convert", str(SAMPLE), "--to", "bibtex", "--key-format", "{author:uper}")
    assert "unknown key modifier 'uper' in '{author:uper}'; did you mean upper?" in modifier


def test_commands_and_option_names_suggest_too() -> None:
    """click's own: a command or an option name."""
    command = run_citeconv("conver")
    assert command.returncode == 2 and b"Did you mean 'convert'?" in command.stderr
    option = run_citeconv("convert", "--stlye", "apa")
    assert option.returncode == 2 and b"--style" in option.stderr


def test_nearest_keeps_clear_winners_alone_and_ties_together() -> None:
    from citeconv.suggest import did_you_mean, nearest, or_list

    assert nearest("bibtx", ["apa", "biblatex", "bibtex", "bib"]) == ["bibtex"]
    ties = ["chicago-author-date", "chicago-author-date-de", "chicago-notes"]
    assert nearest("chicago-author", ties) == ties[:2]
    assert nearest("HTML", ["text", "html"]) == ["html"]
    assert nearest("zzz", ["text", "html"]) == []
    assert did_you_mean("zzz", ["a"]) == ""
    assert did_you_mean("auther", ["author", "year"], show="{{{}}}".format) == (
        "; did you mean {author}?"
    )
    assert or_list(["a", "b", "c"]) == "a, b or c"


# --- shell completion -----------------------------------------------------------


def _bash(words: str, cword: int | None = None, cwd: Path | None = None) -> list[str]:
    """What citeconv offers bash for the last word of ``words``."""
    parts = words.split(" ")
    env = {
        "_CITECONV_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1 if cword is None else cword),
    }
    done = run_citeconv(env=env, cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    offered = done.stdout.decode().rstrip("\n")  # as bash's $(...) reads it
    return offered.split("\n") if offered else []


def test_completes_writers_with_aliases() -> None:
    assert _bash("citeconv convert --to bib") == ["biblatex", "bibtex", "bib"]
    assert "csl-json" in _bash("citeconv convert -t ")
    assert "json" in _bash("citeconv convert -t ")  # an alias
    assert _bash("citeconv dedupe --to vanc") == ["vancouver", "vancouver-nlm"]


def test_completes_readers() -> None:
    assert _bash("citeconv convert --from med") == ["medline"]
    assert _bash("citeconv check -f wos") == ["wos", "wos-tab", "wos-tab-delimited"]
    assert _bash("citeconv dedupe --from au") == ["auto"]


def test_completes_style_ids_aliases_and_csl_files_here(tmp_path: Path) -> None:
    offered = _bash("citeconv convert --style iee")
    assert "ieee" in offered and "ieee-access" in offered
    assert all(value.startswith("iee") for value in offered)
    assert _bash("citeconv convert --style vanc")[:2] == ["vancouver", "vancouver-nlm"]
    (tmp_path / "ieee-house.csl").write_text("<style/>", encoding="utf-8")
    (tmp_path / "ieee-notes.txt").write_text("", encoding="utf-8")
    here = _bash("citeconv convert --style iee", cwd=tmp_path)
    assert here[0] == "ieee-house.csl" and "ieee-notes.txt" not in here
    assert len(_bash("citeconv convert --style ")) > 10_000


def test_a_style_path_is_left_to_the_shell() -> None:
    """Nothing offered: bash (complete -o default) and zsh (_files) complete files."""
    assert _bash("citeconv convert --style ./") == []
    assert _bash("citeconv convert --style ~/sty") == []
    zsh = _zsh("citeconv convert --style ../")
    assert zsh == "_files"


def test_completes_locales_and_fixed_choices() -> None:
    assert _bash("citeconv convert --locale en") == ["en-GB", "en-US"]
    assert _bash("citeconv convert --markup ") == ["text", "html", "markdown"]
    assert _bash("citeconv convert --mapping ") == ["endnote", "zotero"]
    assert _bash("citeconv check --mapping z") == ["zotero"]
    assert _bash("citeconv convert --protect-case ") == ["auto", "none", "all"]
    assert _bash("citeconv --show-completion ") == ["bash", "zsh", "fish", "powershell", "pwsh"]


def test_completes_commands_and_option_names() -> None:
    assert _bash("citeconv con") == ["convert"]
    assert _bash("citeconv convert --t") == ["--to"]
    assert _bash("citeconv --ins") == ["--install-completion"]
    assert _bash("citeconv convert sam") == []  # an input: the shell completes files


def _zsh(line: str) -> str:
    env = {"_CITECONV_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    done = run_citeconv(env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().strip()


def test_zsh_gets_descriptions() -> None:
    text = _zsh("citeconv convert --to bib")
    assert text.startswith("_arguments '*: :((")
    assert '"bibtex":"BibTeX (.bib for bibtex and biber)"' in text
    assert '"bib":"= bibtex"' in text
    assert '"de-CH":"German (Switzerland)"' in _zsh("citeconv convert --locale de-C")
    # Titles for a few styles (each read), not for the 160 ieee-*.
    assert '"nature-genetics":"Nature Genetics"' in _zsh("citeconv convert --style nature-gen")
    assert '"ieee-access"\n' in _zsh("citeconv convert --style ieee")


def test_every_option_that_takes_a_name_completes() -> None:
    """In-process, over the whole command tree: a new command's --to or --from is
    completed without anyone remembering to."""
    import typer.main

    from citeconv.cli import app
    from citeconv.completion import VALUE_COMPLETERS

    root = typer.main.get_command(app)
    ctx = root.make_context("citeconv", [], resilient_parsing=True)
    seen = set()
    for command in [root, *getattr(root, "commands", {}).values()]:
        for param in command.params:
            for name in set(param.opts) & set(VALUE_COMPLETERS):
                assert param.shell_complete(ctx, ""), (command.name, name)
                seen.add(name)
    assert seen == set(VALUE_COMPLETERS)


def test_show_completion_prints_the_named_shells_script() -> None:
    """Named, not detected: run from Python here (no shell parent), zsh even so."""
    scripts = {
        "bash": "complete -o default -F _citeconv_completion citeconv",
        "zsh": "#compdef citeconv",
        "fish": "complete --command citeconv",
    }
    for shell, line in scripts.items():
        done = run_citeconv("--show-completion", shell)
        assert done.returncode == 0, done.stderr
        assert line in done.stdout.decode(), shell
        assert "_CITECONV_COMPLETE=complete_" in done.stdout.decode()
    wrong = run_citeconv("--show-completion", "zhs")
    assert wrong.returncode == 2
    assert wrong.stderr == (
        b"citeconv: error: unknown shell 'zhs'; did you mean zsh? "
        b"(use bash, zsh, fish, powershell or pwsh)\n"
    )


def test_the_bash_script_completes_in_bash() -> None:
    """The script --show-completion prints, loaded into a real bash, then its
    completion function called as bash would call it on TAB."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    command = citeconv_command()
    script = (
        f'source <("{command}" --show-completion bash)\n'
        "complete -p citeconv\n"
        "COMP_WORDS=(citeconv convert --to bib); COMP_CWORD=3\n"
        f'_citeconv_completion "{command}"\n'
        'printf "<%s>\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", script], capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == (
        "complete -o default -F _citeconv_completion citeconv\n<biblatex>\n<bibtex>\n<bib>\n"
    )


def test_install_completion_writes_where_bash_looks(tmp_path: Path) -> None:
    done = run_citeconv("--install-completion", "bash", env={"HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""  # a message, not data: stderr
    assert b"bash completion installed in" in done.stderr
    script = tmp_path / ".bash_completions" / "citeconv.sh"
    assert "_citeconv_completion" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_completion_options_are_on_the_root_only() -> None:
    root = run_citeconv("--help").stdout.decode()
    assert re.search(r"--install-completion SHELL\s+Install completion for SHELL", root)
    assert re.search(r"--show-completion SHELL\s+Print the completion script", root)
    for command in ("convert", "dedupe", "check", "styles"):
        text = run_citeconv(command, "--help").stdout.decode()
        assert "completion" not in text, command


def test_start_up_imports_nothing_for_suggestions_or_completion() -> None:
    """``citeconv --version`` stays fast: the helpers import their work lazily."""
    code = (
        "import sys, citeconv.cli\n"
        "heavy = ('rapidfuzz', 'citeconv.suggest', 'citeconv.writers', 'citeconv.readers', "
        "'citeconv.csl', 'citeproc')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert done.stdout == b"[]\n", done.stdout


# --- man pages -------------------------------------------------------------------


def _manpage_tool(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, str(MANPAGE_TOOL), *args],
        capture_output=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_committed_man_pages_are_what_the_help_texts_give() -> None:
    """Regenerated in a different terminal width, time zone, locale and build date:
    the same bytes as committed (else: run python tools/manpage.py)."""
    env = {"COLUMNS": "37", "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "SOURCE_DATE_EPOCH": "1"}
    done = _manpage_tool("--check", env=env)
    assert done.returncode == 0, done.stderr.decode()
    import typer.main

    from citeconv.cli import app

    commands = getattr(typer.main.get_command(app), "commands", {})
    assert "convert" in commands
    expected = {"citeconv.1", *(f"citeconv-{name}.1" for name in commands)}
    assert {page.name for page in MAN_DIR.glob("*.1")} == expected


def test_the_check_fails_on_a_stale_or_missing_page(tmp_path: Path) -> None:
    for page in MAN_DIR.glob("*.1"):
        shutil.copy(page, tmp_path / page.name)
    assert _manpage_tool("--check", "--out", str(tmp_path)).returncode == 0
    convert = tmp_path / "citeconv-convert.1"
    convert.write_bytes(convert.read_bytes().replace(b"\\-\\-to", b"\\-\\-into", 1))
    (tmp_path / "citeconv-styles.1").unlink()
    (tmp_path / "citeconv-gone.1").write_text(".TH GONE 1\n", encoding="ascii")
    done = _manpage_tool("--check", "--out", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "man pages out of date with --help: citeconv-convert.1, citeconv-gone.1, "
        "citeconv-styles.1 (run python tools/manpage.py)\n"
    )
    assert _manpage_tool("--out", str(tmp_path)).returncode == 0  # regenerate
    assert not (tmp_path / "citeconv-gone.1").exists()
    assert _manpage_tool("--check", "--out", str(tmp_path)).returncode == 0


def test_pages_hold_every_options_help_record() -> None:
    """The pages are the --help texts: each option's names and help are there."""
    import typer.main

    from citeconv.cli import app

    root = typer.main.get_command(app)
    ctx = root.make_context("citeconv", [], resilient_parsing=True)
    pages = {"": (MAN_DIR / "citeconv.1").read_text(encoding="ascii")}
    for name, command in getattr(root, "commands", {}).items():
        pages[name] = (MAN_DIR / f"citeconv-{name}.1").read_text(encoding="ascii")
        sub_ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
        for param in command.get_params(sub_ctx):
            record = param.get_help_record(sub_ctx)
            if record is None:
                continue
            for opt in param.opts if param.param_type_name == "option" else []:
                assert opt.replace("-", "\\-") in pages[name], (name, opt)
            first_words = record[1].split(".")[0].replace("-", "\\-").replace("\\\\", "\\e")
            assert first_words[:40] in pages[name], (name, record)
    assert "\\fB\\-\\-install\\-completion\\fR \\fISHELL\\fR" in pages[""]


def _groff_warnings(page: Path) -> str:
    done = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", "-z", str(page)],
        capture_output=True,
        timeout=60,
        check=True,
    )
    return done.stderr.decode()


def test_man_pages_render_without_warnings(tmp_path: Path) -> None:
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    for page in sorted(MAN_DIR.glob("*.1")):
        assert _groff_warnings(page) == "", page.name
    # The check sees a warning when there is one.
    bad = tmp_path / "bad.1"
    bad.write_text('.TH BAD 1 "" "x"\n.SH NAME\n.XY\nbad \\[uZZ]\n', encoding="ascii")
    assert "macro 'XY' not defined" in _groff_warnings(bad)


def test_man_renders_the_page() -> None:
    if shutil.which("man") is None:
        pytest.skip("man is not installed")
    env = {**os.environ, "MANWIDTH": "80", "MAN_KEEP_FORMATTING": ""}
    done = subprocess.run(
        ["man", "--warnings", "-l", str(MAN_DIR / "citeconv-convert.1")],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = re.sub(r".\x08", "", done.stdout.decode())  # overstrike bold, if any
    assert "citeconv-convert - Convert INPUT files to one output" in text
    assert "-t, --to NAME" in text
    assert "EXIT STATUS" in text


def test_the_package_installs_the_pages() -> None:
    """pyproject's data-files glob takes every page tools/manpage.py writes."""
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["data-files"]["share/man/man1"]
    installed = {path.name for pattern in globs for path in ROOT.glob(pattern)}
    assert installed == {path.name for path in MAN_DIR.glob("*.1")}
    assert installed
