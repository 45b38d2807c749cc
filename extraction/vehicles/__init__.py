"""Vehicle sources: NHTSA complaints, recalls, investigations and bulletins; Chinese notices and complaints."""

# source kind -> module of this package exposing SOURCE, in ingest order
KINDS: dict[str, str] = {
    "nhtsa-complaints": "nhtsa_complaints",
    "nhtsa-recalls": "nhtsa_recalls",
    "nhtsa-investigations": "nhtsa_investigations",
    "nhtsa-tsbs": "nhtsa_tsbs",
    "cn-recall-notices": "cn_recall_notices",
    "cn-complaints": "cn_complaints",
}
