"""The one error hierarchy: failures a person can act on.

Domain code raises these with a message that says what happened and what to do next. The CLI maps them
once (message on stderr, `exit_code`) and the API once (problem+json with `status` and `slug`); neither
mapping lives in domain code, and anything that is not a `RiskgraphError` is a bug: the CLI shows its
traceback, the API answers 500 and logs it.
"""

from __future__ import annotations


class RiskgraphError(Exception):
    """Base of every user-facing error."""

    exit_code = 2
    status = 400
    slug = "bad-request"

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class BadRequest(RiskgraphError):
    """The request or command cannot be carried out as given (usage, unknown name, malformed value)."""


class NotFound(RiskgraphError):
    """A named thing (enterprise, vehicle, key …) is not there."""

    status = 404
    slug = "not-found"


class Conflict(RiskgraphError):
    """The request conflicts with the state of the thing it names (a key already revoked …)."""

    status = 409
    slug = "conflict"


class GraphUnavailable(RiskgraphError):
    """The graph engine cannot be reached or started."""

    status = 503
    slug = "graph-unavailable"


class IngestError(RiskgraphError):
    """A whole file or run cannot be ingested (not one record: that is RecordRejected)."""

    status = 422
    slug = "validation-error"


class RecordRejected(RiskgraphError):
    """One record cannot be used; the loader writes it to the reject file with this reason and goes on."""

    status = 422
    slug = "validation-error"


class ModelMissing(RiskgraphError):
    """A model is not trained, or cannot be trained on the data present."""

    status = 503
    slug = "model-missing"
