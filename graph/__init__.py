"""The graph: the storage port, the two engines behind it, the schema and the loader."""
