"""The golden-file variants: expected file suffix → citeconv arguments.

A golden case is ``tests/golden/<what it shows>.ris`` (or ``.json`` for CSL-JSON
input) plus one expected file per variant, ``<what it shows>.<variant>``. Tests
discover them; ``tools/regen_golden.py`` writes them (review the diff!).
"""

from __future__ import annotations

VARIANTS: dict[str, tuple[str, ...]] = {
    "csl-json.json": ("--to", "csl-json"),
    "bibtex.bib": ("--to", "bibtex"),
    "biblatex.bib": ("--to", "biblatex"),
    "apa.txt": ("--to", "apa"),
    "apa.html": ("--to", "apa", "--markup", "html"),
    "vancouver.txt": ("--to", "vancouver"),
    "vancouver.html": ("--to", "vancouver", "--markup", "html"),
    # Not "….ris": that is an input's suffix.
    "ris.txt": ("--to", "ris"),
}

INPUT_SUFFIXES = (".ris", ".csl.json")
