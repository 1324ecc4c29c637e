"""citeconv: RIS exports to BibTeX, BibLaTeX, CSL-JSON and formatted references."""

__version__ = "0.1.0"
