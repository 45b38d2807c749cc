"""Cross-cutting pieces: settings and paths."""
