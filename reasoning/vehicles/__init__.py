"""Vehicle defect reasoning: complaint aggregates, the defect model, its scoring and surge alerts."""

MODELS: dict[str, str] = {"defects": "model"}
AFTER_INGEST: dict[str, str] = {
    "complaints": "refresh:after_complaints",  # rescore the models this run's complaints name
    "documents": "refresh:after_documents",  # ... the models recalls, bulletins, investigations name, and peers
}
