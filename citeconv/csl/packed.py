"""A bibliography's references kept packed, and built again when they are needed.

A bibliography is sorted and disambiguated as a whole, so every entry's data waits
in memory until the last one is read. citeproc-py's references (a ``Reference``
per item: dicts, ``Name``, ``Date`` and ``String`` objects) took ~3.3 KB an item
and the items waiting for them ~4.5 KB: 100k records needed 850 MB. Packed, an
item is the ``marshal`` of the CSL-JSON citeproc-py is given (~600 bytes); a
reference is built from it when a cite asks for it (~70 µs: sorting, the first
cites and the rendering ask once each) and let go once a thousand others have
been built since.

A reference built a second time is kept from then on as the pickle of what
citeproc-py built (~850 bytes, ~26 µs to load where the parse took ~90 µs): APA's
sort, disambiguation, name registry and rendering built each of 10k references
6.6 times. One built once (Vancouver: only the rendering) is never pickled, as
pickling it would cost more than it saves.

What changes a reference and must outlive it (the year suffixes disambiguation
gives) is kept beside the blobs and put back on every build; a change made and
undone within one render (citeconv.csl.fixes.names, .cites) needs nothing.
"""

from __future__ import annotations

import contextlib
import marshal
import pickle
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from citeproc.source import BibliographySource, Reference

#: References built and kept at once (the disambiguation of a group of alike cites
#: renders its members again and again: a group larger than this rebuilds them).
KEPT = 1024

#: How a blob that is a pickle starts (protocol 2 and later); a marshal of a dict
#: starts with "{" (or "{" | 0x80, its reference flag).
_PICKLED = 0x80

#: A reference's variable that citeconv sets (disambiguation's year suffix); an
#: input's own ``year-suffix`` counts only until disambiguation starts.
YEAR_SUFFIX = "year_suffix"


class PackedReference(Reference):  # type: ignore[misc]  # citeproc-py is untyped
    """A reference built from a blob, that tells its source of lasting changes."""

    __slots__ = ()

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.__dict__["_citeconv_source"].changed(self, key, value)

    def pop(self, key: str, *default: Any) -> Any:
        value = super().pop(key, *default)
        self.__dict__["_citeconv_source"].changed(self, key, _REMOVED)
        return value


_REMOVED = object()


class PackedSource(BibliographySource):  # type: ignore[misc]  # citeproc-py is untyped
    """citeproc-py's source of a bibliography, each reference kept as a blob.

    ``build(data)`` makes a reference of one item's CSL-JSON (citeproc-py's own
    parser and citeconv's fix-ups). The dict itself stays empty: ``source[key]``,
    ``key in source``, ``len`` and iteration go through the blobs.
    """

    def __init__(self, blobs: Iterable[tuple[str, bytes]], build: Callable[[Any], Any]) -> None:
        super().__init__()
        self._blobs: dict[str, bytes] = dict(blobs)
        self._build = build
        self._built: dict[str, Any] = {}
        self._holders: dict[str, list[Any]] = {}
        self._built_once: set[str] = set()  # keys whose blob is a marshal, built once
        self._changes: dict[str, dict[str, Any]] = {}
        # An input's own year suffix counts until disambiguation removes them all
        # (the first sort may order by it, as citeproc-py's own source does).
        self._suffixes_removed = False

    def remove_year_suffixes(self) -> None:
        """Every reference without its year suffix from now on (what
        citeconv.csl.fixes.order does to each reference before disambiguating)."""
        self._suffixes_removed = True
        for reference in self._built.values():
            dict.pop(reference, YEAR_SUFFIX, None)
        for changes in self._changes.values():
            changes.pop(YEAR_SUFFIX, None)

    def __getitem__(self, key: str) -> Any:
        try:
            return self._built[key]
        except KeyError:
            pass
        blob = self._blobs[key]  # KeyError for an unknown key, as a dict
        if blob[0] == _PICKLED:
            reference = pickle.loads(blob)  # made below, in this process
        else:
            data = marshal.loads(blob)
            data["id"] = key
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                reference = self._build(data)
            if key in self._built_once:
                self._built_once.discard(key)
                self._repack(key, reference)
            else:
                self._built_once.add(key)
        # Not ``reference.__class__ = ``: citeproc-py's CustomDict makes every
        # attribute set an item of the dict.
        object.__setattr__(reference, "__class__", PackedReference)
        reference.__dict__["_citeconv_source"] = self
        if self._suffixes_removed:
            dict.pop(reference, YEAR_SUFFIX, None)
        for variable, value in self._changes.get(key, {}).items():
            if value is _REMOVED:
                dict.pop(reference, variable, None)
            else:
                dict.__setitem__(reference, variable, value)
        built = self._built
        if len(built) >= KEPT:
            self._let_go(next(iter(built)))
        built[key] = reference
        return reference

    def _repack(self, key: str, reference: Any) -> None:
        """Keep ``key`` as the pickle of its reference as built (before a year suffix
        or any other change is put on it)."""
        # Every value is a built-in type after marshal; were one not picklable, the
        # blob stays the marshal.
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
            self._blobs[key] = pickle.dumps(reference, pickle.HIGHEST_PROTOCOL)

    def _let_go(self, key: str) -> None:
        del self._built[key]
        for cite in self._holders.pop(key, ()):
            # citeconv.csl.speedups remembers a cite's reference in the cite.
            cite.__dict__.pop("reference", None)

    def hold(self, key: str, cite: Any) -> None:
        """``cite`` remembers the reference of ``key`` until it is let go."""
        self._holders.setdefault(key, []).append(cite)

    def changed(self, reference: Any, variable: str, value: Any) -> None:
        """``reference`` set ``variable`` to ``value`` (or removed it): a build puts
        that back."""
        key: str = dict.__getitem__(reference, "key")
        if self._built.get(key) is not reference:
            return  # a reference let go: nobody sees it again
        self._changes.setdefault(key, {})[variable] = value

    def __contains__(self, key: object) -> bool:
        return key in self._blobs

    def __len__(self) -> int:
        return len(self._blobs)

    def __iter__(self) -> Any:
        return iter(self._blobs)

    def keys(self) -> Any:
        return self._blobs.keys()

    def values(self) -> Any:
        return (self[key] for key in self._blobs)

    def items(self) -> Any:
        return ((key, self[key]) for key in self._blobs)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._blobs else default
