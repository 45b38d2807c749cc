"""Screening lists against the registers (issue 16): the matcher the API's `POST /api/v1/match` and
`riskgraph match` share (service), reading and writing screening files (files), and `riskgraph eval
matching` on the generator's planted pairs (evaluate). The model itself is extraction/enterprises/matching/,
which the ingest-time resolution uses too."""
