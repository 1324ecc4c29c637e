"""The pipeline between readers and writers: large files read in byte ranges by
worker processes (``ranges``), bibliographies rendered in slices (``workers``).
Readers and writers know nothing of it."""
