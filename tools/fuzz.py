"""Mutation fuzzer: mangled real exports must convert or fail cleanly, never crash.

Takes the RIS files of the shared corpus (``../shared/corpus``, or ``--corpus``), the
other formats' real files (``../shared/corpus-formats``, ``--formats``) and
our own golden inputs, mutates them (byte flips, truncation, duplicated and deleted
lines, swapped encodings, collapsed newlines, spliced files), and runs each result
through the reader and the csl-json, bibtex and biblatex writers in-process (and,
every ``--format-every``-th input, the apa and vancouver writers). Anything other
than a clean :class:`citeconv.diagnostics.CiteconvError` is a crash: the input is
saved under ``--crashes`` and the run exits 1.

    python tools/fuzz.py --seed 1 --seconds 60          # what CI runs
    python tools/fuzz.py --seconds 3600 --seed $RANDOM  # a longer hunt
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_FORMATS = ROOT.parent / "shared" / "corpus-formats"

Mutation = Callable[[random.Random, bytes, list[bytes]], bytes]


def flip_bytes(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _i in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def duplicate_lines(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    lines = data.split(b"\n")
    for _i in range(rng.randint(1, 5)):
        i = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines) + 1), lines[i])
    return b"\n".join(lines)


def delete_lines(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    lines = data.split(b"\n")
    for _i in range(rng.randint(1, 5)):
        if lines:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def swap_encoding(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    text = data.decode("utf-8", errors="replace")
    codec = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-8-sig"])
    return text.encode(codec, errors="replace")


def collapse_newlines(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    return data.replace(b"\r\n", b" ").replace(b"\n", b" ")


def mangle_endings(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    endings = [b"\n", b"\r\n", b"\r", b"\u2028".decode("unicode_escape").encode()]
    return b"".join(
        line + rng.choice(endings) for line in data.replace(b"\r\n", b"\n").split(b"\n")
    )


def splice(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    other = rng.choice(others)
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


def insert_specials(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    specials = [
        b"\\input{/etc/passwd}",
        b"\\write18{rm -rf /}",
        b"{{{{",
        b"}}}}",
        b"<script>",
        b"<i><b><sup>",
        b"%",
        b"&",
        b"\x00",
        b"\xff\xfe",
        b"TY  - ",
        b"ER  - ",
        b"\xe2\x80\xa8",
        b"AU  - ,,,;;;",
        b"PY  - 99999/99/99",
        b"SP  - 5-",
        b"DO  - 10.",
        b"&amp;#0;",
    ]
    out = bytearray(data)
    for _i in range(rng.randint(1, 6)):
        out[rng.randrange(len(out) + 1) : 0] = rng.choice(specials)
    return bytes(out)


MUTATIONS: tuple[Mutation, ...] = (
    flip_bytes,
    truncate,
    duplicate_lines,
    delete_lines,
    swap_encoding,
    collapse_newlines,
    mangle_endings,
    splice,
    insert_specials,
)


def seeds(corpus: Path | None, formats: Path | None = None) -> list[bytes]:
    """The unmutated inputs: corpus RIS files and the other formats' real files (when
    present: MEDLINE, WoS, BibTeX, EndNote XML and tagged, CSL-JSON/YAML), and our
    golden inputs."""
    paths: list[Path] = []
    if corpus is not None and corpus.is_dir():
        paths += sorted(corpus.rglob("*.ris"))
    if formats is not None and formats.is_dir():
        paths += sorted(
            p
            for p in formats.rglob("*")
            if p.is_file() and ".expected" not in p.name and p.suffix not in (".md", ".tsv")
        )
    paths += sorted((ROOT / "tests" / "golden").glob("*.ris"))
    return [p.read_bytes() for p in paths]


def run_one(data: bytes, formatted: bool, tag_mapping: str = "endnote") -> str | None:
    """None if the input converted or failed cleanly; else the traceback."""
    from citeconv.diagnostics import CiteconvError, Report
    from citeconv.readers import ReadOptions, read_stream
    from citeconv.writers import WriterOptions, find_writer

    names = ["csl-json", "bibtex", "biblatex"] + (["apa", "vancouver"] if formatted else [])
    try:
        items = list(
            read_stream(io.BytesIO(data), "<fuzz>", Report(), ReadOptions(tag_mapping=tag_mapping))
        )
        for name in names:
            find_writer(name)(WriterOptions()).write(iter(items), io.StringIO())
            if name in ("apa", "vancouver"):
                find_writer(name)(WriterOptions(markup="html")).write(iter(items), io.StringIO())
    except CiteconvError:
        return None
    except Exception:
        return traceback.format_exc()
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--formats", type=Path, default=DEFAULT_FORMATS)
    parser.add_argument("--crashes", type=Path, default=ROOT / "fuzz-crashes")
    parser.add_argument("--format-every", type=int, default=25)
    parser.add_argument("--max-bytes", type=int, default=200_000)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    inputs = [s for s in seeds(args.corpus, args.formats) if len(s) <= args.max_bytes]
    if not inputs:
        print("fuzz: no seed inputs found", file=sys.stderr)
        return 1
    deadline = time.monotonic() + args.seconds
    tried = crashes = 0
    seen: set[str] = set()
    while time.monotonic() < deadline:
        data = rng.choice(inputs)
        for _ in range(rng.randint(1, 3)):
            data = rng.choice(MUTATIONS)(rng, data, inputs)
        data = data[: args.max_bytes]
        tried += 1
        # Every other input is read as Zotero reads it (--mapping zotero).
        failure = run_one(
            data,
            formatted=tried % args.format_every == 0,
            tag_mapping="zotero" if tried % 2 else "endnote",
        )
        if failure is None:
            continue
        signature = failure.strip().splitlines()[-1]
        if signature in seen:
            continue
        seen.add(signature)
        crashes += 1
        args.crashes.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha1(data).hexdigest()[:12]
        (args.crashes / f"{name}.ris").write_bytes(data)
        (args.crashes / f"{name}.txt").write_text(failure)
        print(f"fuzz: CRASH {signature} -> {args.crashes / name}.ris", file=sys.stderr)
    print(
        f"fuzz: seed {args.seed}, {len(inputs)} seeds, {tried} inputs tried in "
        f"{args.seconds:.0f} s, {crashes} distinct crashes",
        file=sys.stderr,
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
