"""The guard: citeconv's CSL fixes apply only to the citeproc-py they were written for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from citeconv.csl import guard, patches

from conftest import SAMPLE, run_citeconv


def test_installed_citeproc_py_is_the_supported_one_and_every_target_is_recorded() -> None:
    assert guard.problems(patches.stock_targets()) == []


def test_a_target_whose_signature_changed_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    name = "citeproc.model.Text.process"
    monkeypatch.setitem(guard.TARGETS, name, "(self, item, context=None, flavour=None)")
    stock = "(self, item, context=None, **kwargs)"
    assert guard.problems(patches.stock_targets()) == [
        f"{name} is {stock}, not (self, item, context=None, flavour=None)"
    ]
    with pytest.raises(guard.UnsupportedEngine, match="is not the release citeconv's CSL fixes"):
        guard.check(patches.stock_targets())


@pytest.mark.parametrize("version", ["0.10.0", "0.12.0", "0.12.0rc1", "1.0"])
def test_another_release_is_refused(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    monkeypatch.setattr(guard, "installed_version", lambda: version)
    with pytest.raises(guard.UnsupportedEngine) as caught:
        guard.check(patches.stock_targets())
    assert caught.value.exit_code == 2
    assert f"citeproc-py {version} is installed" in caught.value.message
    assert ">=0.11.0,<0.12" in caught.value.message


@pytest.mark.parametrize("version", ["0.11.0", "0.11.1", "0.11.9"])
def test_the_supported_line_passes(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    monkeypatch.setattr(guard, "installed_version", lambda: version)
    guard.check(patches.stock_targets())


@pytest.fixture(scope="module")
def citeproc_010(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("citeproc-0.10.0")
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(folder)]
    done = subprocess.run(
        [*pip, "citeproc-py==0.10.0"],
        capture_output=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"citeproc-py 0.10.0 could not be installed: {done.stderr[-300:]!r}")
    return folder


@pytest.mark.network
def test_citeproc_py_0_10_installed_is_refused_before_anything_renders(citeproc_010: Path) -> None:
    """With citeproc-py 0.10.0 (which the old `>=0.8` allowed) APA printed "Dhalla,
    I. A.. (2021) … Ontario?." with exit 0. Now: one line, exit 2, nothing on stdout."""
    env = {"PYTHONPATH": str(citeproc_010)}
    done = run_citeconv("convert", str(SAMPLE), "--to", "apa", env=env)
    assert done.returncode == 2, done.stderr
    assert done.stdout == b""
    assert done.stderr == (
        b"citeconv: error: citeconv's CSL fixes are written for citeproc-py >=0.11.0,<0.12; "
        b"citeproc-py 0.10.0 is installed: pip install 'citeproc-py>=0.11.0,<0.12'\n"
    )
    # Writers that need no CSL engine still work.
    bibtex = run_citeconv("convert", str(SAMPLE), "--to", "bibtex", "-q", env=env)
    assert bibtex.returncode == 0 and bibtex.stdout.startswith(b"@article{tran2021quality,")


def test_installed_version_is_what_the_metadata_says() -> None:
    # Read from citeproc.__version__ (no importlib.metadata at start-up): the same
    # text as the distribution's metadata.
    from importlib import metadata

    assert guard.installed_version() == metadata.version("citeproc-py")


def test_installed_version_falls_back_to_the_metadata(monkeypatch) -> None:
    from importlib import metadata

    import citeproc

    monkeypatch.setattr(citeproc, "__version__", "0+unknown", raising=False)
    assert guard.installed_version() == metadata.version("citeproc-py")
