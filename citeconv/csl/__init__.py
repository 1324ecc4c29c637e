"""CSL formatting on top of citeproc-py: style and locale lookup, fixes, rendering.

citeproc-py is imported only when this package's functions run, never at start-up.
"""
