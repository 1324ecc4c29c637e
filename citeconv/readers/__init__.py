"""Readers: bytes of an export → :class:`citeconv.model.Item` (RIS, CSL-JSON)."""
