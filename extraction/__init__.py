"""Extractors, one module per source kind, and the readers of their file formats."""
