"""Lawyer sources: registers, sanctions, Chinese judgments and US opinions (CourtListener / CAP)."""

# source kind -> module of this package exposing SOURCE, in ingest order
KINDS: dict[str, str] = {
    "lawyer-register": "register",
    "lawyer-sanctions": "sanctions",
    "cn-judgments": "cn_judgments",
    "courtlistener": "courtlistener",
}
