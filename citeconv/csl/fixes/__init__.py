"""citeconv's fixes to citeproc-py, one module per CSL concept; citeconv.csl.patches
registers and applies them (and holds those not yet moved here)."""
