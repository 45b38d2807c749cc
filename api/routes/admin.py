"""Admin endpoints: ingest an uploaded file, train a model, follow the background job."""

from __future__ import annotations

import re
import shutil
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.auth import require_role
from api.deps import Paging
from api.errors import ApiProblem, Problem, clip
from api.jobs import Job, JobManager, unpack_upload
from api.paging import Page

router = APIRouter(tags=["admin"], dependencies=[Depends(require_role("admin"))])
CHUNK = 1 << 20
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class JobOut(BaseModel):
    id: str
    kind: str = Field(description="ingest or train")
    target: str = Field(description="the source kind or the model name")
    status: str = Field(description="queued, running, succeeded or failed")
    created: str
    started: str | None = None
    finished: str | None = None
    progress: int = Field(description="records read (ingest) or steps done (train) so far")
    read_bytes: int | None = Field(None, description="ingest: bytes of the files read so far (of total_bytes)")
    total_bytes: int | None = Field(None, description="ingest: size of the files in bytes")
    files: list[str] = []
    result: dict[str, Any] | None = Field(None, description="the run's summary, as `riskgraph ingest --json` prints")
    rejects: dict[str, Any] | None = Field(None, description="rejected records of this job: count, by reason, examples")
    error: str | None = None

    model_config = {"json_schema_extra": {"examples": [{
        "id": "9c2f1e0a4b7d3c11", "kind": "ingest", "target": "nhtsa-complaints", "status": "succeeded",
        "created": "2026-01-05T10:00:00+00:00", "started": "2026-01-05T10:00:00+00:00",
        "finished": "2026-01-05T10:00:04+00:00", "progress": 1200, "read_bytes": 913408, "total_bytes": 913408,
        "files": ["…/complaints.txt"],
        "result": {"read": 1200, "written": 1195, "rejected": 5},
        "rejects": {"count": 5, "by_reason": {"model year 'abcd' is not a year": 5}, "examples": []},
    }]}}


def jobs(request: Request) -> JobManager:
    return request.app.state.jobs


def _out(job: Job) -> JobOut:
    return JobOut.model_validate(job, from_attributes=True)


def _accepted(response: Response, job: Job) -> JobOut:
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return _out(job)


@router.post("/ingest/{source_kind}", response_model=JobOut, status_code=202,
             summary="Ingest an uploaded file of one source kind in the background (as `riskgraph ingest`)",
             responses={status: {"model": Problem, "description": text} for status, text in (
                 (400, "the file is gzip by its first bytes but cannot be unpacked (truncated or corrupt)"),
                 (413, "the file, or what it unpacks to, exceeds the server's limits"),
                 (415, "the file name does not end with a suffix of the source kind"))})
async def ingest_upload(
    source_kind: str,
    request: Request,
    response: Response,
    file: Annotated[UploadFile, File(description="a file of the kind, plain or gzipped")],
) -> JobOut:
    from extraction.registry import UnknownSourceKind, available_kinds, get_kind

    if source_kind not in available_kinds():
        raise HTTPException(404, f"unknown source kind {source_kind!r}; kinds: {', '.join(available_kinds())}")
    try:
        kind = get_kind(source_kind)
    except UnknownSourceKind as exc:
        raise HTTPException(404, str(exc.args[0])) from exc
    name = _SAFE_NAME.sub("_", (file.filename or "upload").rsplit("/", 1)[-1]).lstrip(".") or "upload"
    if not name.lower().removesuffix(".gz").endswith(kind.suffixes):
        raise ApiProblem(415, f"a {source_kind} file ends with {', '.join(kind.suffixes)} (optionally .gz); "
                         f"got {name!r}", "unsupported-media-type")
    manager = jobs(request)
    limit = request.app.state.settings.max_upload_bytes
    folder = manager.new_upload_dir()
    target = folder / name
    size = 0
    with target.open("wb") as out:
        while chunk := await file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    if size > limit:
        shutil.rmtree(folder)
        raise ApiProblem(413, f"the file exceeds RISKGRAPH_MAX_UPLOAD_BYTES={limit}", "payload-too-large")
    settings = request.app.state.settings
    try:  # unpacked here, in bounded memory, so that a job only ever reads a file of known size
        target = await run_in_threadpool(unpack_upload, target, settings.max_unpacked_bytes,
                                         settings.max_unpack_ratio)
    except ApiProblem:
        shutil.rmtree(folder)
        raise
    return _accepted(response, manager.submit_ingest(source_kind, [target]))


@router.post("/train/{model}", response_model=JobOut, status_code=202,
             summary="Train a model on past verdicts in the background (as `riskgraph train`)")
def train(model: str, request: Request, response: Response) -> JobOut:
    from reasoning.registry import model_names

    if model not in model_names():
        raise HTTPException(404, f"unknown model {model!r}; models: {', '.join(model_names())}")
    return _accepted(response, jobs(request).submit_train(model))


@router.get("/jobs/{job_id}", response_model=JobOut, summary="Progress and result of a background job")
def job_status(job_id: str, request: Request) -> JobOut:
    job = jobs(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return _out(job)


@router.post("/jobs/{job_id}/cancel", response_model=JobOut,
             summary="Cancel a queued or running job of this server (what it wrote stays; rerun to resume)")
def job_cancel(job_id: str, request: Request) -> JobOut:
    job = jobs(request).cancel(job_id)
    if job is None:
        raise HTTPException(404, f"no job {clip(job_id, 80)!r} running in this server process")
    return _out(job)


@router.get("/jobs", response_model=Page[JobOut], summary="Background jobs, newest first")
def job_list(request: Request, page: Paging) -> Page[JobOut]:
    return Page[JobOut].build([_out(j) for j in jobs(request).recent(page.offset, page.fetch)], page)
