"""Found by tools/hostile.py on 3 December 2026 (stop 31)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_hostile_round2 import _shell

from citeconv.readers.ris.decode import SNIFF_BYTES
from citeconv.readers.ris.sniff import _looks_binary, head_text

from conftest import SAMPLE, run_citeconv

_HEAD = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
    "<info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>"
    '<macro name="defined"><text variable="title"/></macro>'
)


@pytest.mark.parametrize(
    "body",
    [
        # called from the bibliography's layout (the case found)
        '<citation><layout><text macro="defined"/></layout></citation>'
        '<bibliography><layout><text macro="gone"/></layout></bibliography>',
        # from the citation's layout, inside a group
        '<citation><layout><group><text macro="gone"/></group></layout></citation>',
        # from a sort key
        '<citation><sort><key macro="gone"/></sort><layout><text macro="defined"/></layout>'
        "</citation>",
    ],
)
def test_a_macro_called_outside_any_macro_but_never_defined_is_refused(
    tmp_path: Path, body: str
) -> None:
    """A mutated shipped style (prehospital-emergency-care with its container-title
    macro renamed) ended in exit 3, an IndexError in citeproc-py: the check for
    undefined macros looked only at calls made from macros."""
    style = tmp_path / "s.csl"
    style.write_text(_HEAD + body + "</style>")
    if "<bibliography>" in body:
        done = run_citeconv("convert", str(SAMPLE), "--to", "csl", "--style", str(style))
    else:
        done = run_citeconv("cite", str(SAMPLE), "--style", str(style), "-k", "tran2021quality")
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode() == (
        f"citeconv: error: style file {style}: macro 'gone' is called but not defined\n"
    )


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_random_bytes_after_a_utf16_byte_order_mark_are_refused_at_once(bom: bytes) -> None:
    """They decode to letters, mostly CJK, with hardly a control character, and were
    read up to the 64 MB record limit (11-30 s) before being refused."""
    started = time.monotonic()
    done = _shell(
        '(printf "$1"; cat /dev/urandom) | "$0" convert - --to bibtex',
        "".join(f"\\x{b:02x}" for b in bom),
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.decode() == (
        "<stdin>: error: not RIS: this looks like binary data; no RIS records found\n"
    )
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("seed", range(200))
def test_the_binary_test_catches_random_utf16_every_time(seed: int) -> None:
    head = random.Random(seed).randbytes(SNIFF_BYTES)
    for bom in (b"\xff\xfe", b"\xfe\xff"):
        assert _looks_binary(head_text(bom + head))


_SCRIPTS = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029"
)


@given(
    st.lists(st.text(_SCRIPTS, min_size=1, max_size=2000), min_size=1, max_size=4),
    st.sampled_from(["utf-16", "utf-16-be", "utf-32", "utf-8-sig"]),
)
def test_text_in_any_script_is_never_binary(values: list[str], encoding: str) -> None:
    """Whatever the script, and however little ASCII: a RIS record whose values fill
    the first 4 KiB (a Chinese abstract right after TY) is text."""
    record = "TY  - JOUR\r\n" + "".join(f"AB  - {value}\r\n" for value in values)
    data = record.encode(encoding, errors="surrogatepass")
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert not _looks_binary(head_text(data[:SNIFF_BYTES]))
