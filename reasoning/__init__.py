"""Features, models and explanations over the graph."""
