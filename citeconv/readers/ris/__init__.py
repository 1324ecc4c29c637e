"""The RIS reader: bytes of a RIS export in, :class:`citeconv.model.Item` out."""

from citeconv.readers.ris.reader import read_ris

__all__ = ["read_ris"]
