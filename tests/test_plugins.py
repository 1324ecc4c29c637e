"""The plug-in table: built-ins without importlib.metadata, others through it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from citeconv import plugins

from conftest import ROOT, SAMPLE


@pytest.fixture(autouse=True)
def _fresh_caches():
    plugins.plugins.cache_clear()
    plugins.declared_elsewhere.cache_clear()
    yield
    plugins.plugins.cache_clear()
    plugins.declared_elsewhere.cache_clear()


def test_builtin_table_is_what_pyproject_declares() -> None:
    tomllib = pytest.importorskip("tomllib")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    groups = declared["project"]["entry-points"]
    for group in (plugins.READERS, plugins.WRITERS):
        assert dict(plugins.BUILTIN[group]) == groups[group]
    assert set(plugins.BUILTIN) == {g for g in groups if g.startswith("citeconv.")}


def test_builtin_table_is_what_the_installed_metadata_says() -> None:
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        dist = distribution("citeconv")
    except PackageNotFoundError:
        pytest.skip("citeconv is not installed")
    for group in (plugins.READERS, plugins.WRITERS):
        installed = {ep.name: ep.value for ep in dist.entry_points if ep.group == group}
        assert installed == dict(plugins.BUILTIN[group])


def test_fast_path_loads_every_builtin() -> None:
    assert not plugins.declared_elsewhere()  # this environment has no third-party plug-in
    for group in (plugins.READERS, plugins.WRITERS):
        found = plugins.plugins(group)
        assert [p.name for p in found] == sorted(name for name, _ in plugins.BUILTIN[group])
        assert all(isinstance(p.load(), type) for p in found)


def _plugin_dist(folder: Path, body: str) -> None:
    dist = folder / "other_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: other-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(body)
    (folder / "other_plugin.py").write_text("from citeconv.writers.ris import RisWriter as W\n")


def test_another_distribution_switches_to_the_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plugin_dist(tmp_path, "[citeconv.writers]\nother = other_plugin:W\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert plugins.declared_elsewhere()
    names = [p.name for p in plugins.plugins(plugins.WRITERS)]
    assert "other" in names
    assert set(names) >= {name for name, _ in plugins.BUILTIN[plugins.WRITERS]}


def test_a_distribution_without_citeconv_groups_keeps_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plugin_dist(tmp_path, "[console_scripts]\nother = other_plugin:main\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert not plugins.declared_elsewhere()


def test_a_zip_on_the_path_is_looked_up_the_slow_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("x.py", "")
    monkeypatch.syspath_prepend(str(archive))
    assert plugins.declared_elsewhere()


def test_plugin_load_follows_dotted_attributes() -> None:
    assert plugins.Plugin("x", "citeconv.plugins:Plugin.load").load() is plugins.Plugin.load
    assert plugins.Plugin("x", "citeconv.plugins").load() is plugins


def test_a_conversion_does_not_import_the_metadata_machinery(tmp_path: Path) -> None:
    # importlib.metadata (and the email package under it) costs 20-60 ms of start-up.
    marker = tmp_path / "modules.txt"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write(' '.join(sys.modules)))\n"
        f"sys.argv = ['citeconv', 'convert', {str(SAMPLE)!r}, '--to', 'apa']\n"
        "from citeconv.cli import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    modules = set(marker.read_text().split())
    assert "citeconv.plugins" in modules
    assert "importlib.metadata" not in modules
