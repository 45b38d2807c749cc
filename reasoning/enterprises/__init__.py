"""Enterprise risk reasoning: snapshot, features, clusters, the risk model, reasons, search and network."""

MODELS: dict[str, str] = {"enterprises": "model"}
ALIASES: dict[str, str] = {"enterprise": "enterprises"}  # `riskgraph score enterprise ID`
AFTER_INGEST: dict[str, str] = {"registers": "refresh:after_register_ingest"}
