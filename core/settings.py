"""All runtime settings, read from the environment with the RISKGRAPH_ prefix."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RISKGRAPH_", env_file=".env", extra="ignore")

    # --- graph engine -------------------------------------------------------
    graph_url: str = Field(
        "falkordb://./data/graph",
        description="falkordb://FOLDER for the embedded engine, bolt://host:port or neo4j://… for Neo4j",
    )
    graph_name: str = "riskgraph"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("riskgraph-dev")
    neo4j_database: str = "neo4j"
    falkordb_appendfsync: Literal["everysec", "always"] = "everysec"
    falkordb_start_timeout: float = 30.0
    falkordb_delta_max_pending_changes: int = Field(
        100_000, ge=1, description="changes the embedded engine keeps in its delta matrices before merging them "
                                  "into the main ones (FalkorDB's DELTA_MAX_PENDING_CHANGES; see docs/scaling.md)")
    falkordb_attach: bool = Field(False, description="use the embedded engine another riskgraph process of this "
                                                     "folder runs (set by `serve --workers` for its workers)")

    # --- files ----------------------------------------------------------------
    data_dir: Path = Path("./data")
    cypher_dir: Path = PROJECT_ROOT / "cypher"

    # --- loader ---------------------------------------------------------------
    batch_size: int = Field(2000, ge=1, le=100_000)
    max_record_chars: int = Field(1_000_000, description="records longer than this are rejected")

    # --- API ------------------------------------------------------------------
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_workers: int = Field(1, ge=1, le=64, description="API server processes; each counts its own rate limit")
    public_rate_limit_per_minute: int = 120
    forwarded_allow_ips: str = Field("", description="comma-separated proxy addresses whose X-Forwarded-For is "
                                                     "trusted (empty: none; the peer address counts)")
    max_page_size: int = 200
    max_graph_nodes: int = 300
    max_upload_bytes: int = Field(512 * 1024 * 1024, description="largest file POST /ingest accepts")
    max_unpacked_bytes: int = Field(4 * 1024**3, description="largest size a gzipped upload may unpack to")
    max_unpack_ratio: float = Field(100.0, description="largest unpacked / packed size of an upload past 64 MB")
    max_line_bytes: int = Field(16 * 1024 * 1024, description="longest line a reader takes; a longer one is "
                                                              "rejected as its record, read in bounded memory")

    # --- vehicle defects (issue 4) -------------------------------------------

    # --- enterprises (issue 5) -------------------------------------------------
    risk_red_threshold: float = 0.7
    risk_yellow_threshold: float = 0.35
    enterprise_hub_cap: int = Field(25, description="enterprises shown per shared address / phone / person in a "
                                                    "network; a bigger hub is cut and the network says truncated")
    control_max_depth: int = Field(8, ge=1, le=30, description="ownership levels read above an enterprise")
    control_max_holders: int = Field(50, ge=1, le=10_000, description="holders followed per enterprise, largest "
                                                                      "first; more and the answer says truncated")
    control_max_paths: int = Field(2000, ge=1, le=1_000_000, description="ownership paths counted per enterprise")

    # --- watches, alerts and webhooks (issue 16) ----------------------------------
    watches_per_key: int = Field(500, ge=1, description="watches one API key may hold")
    webhook_attempts: int = Field(5, ge=1, le=20, description="delivery attempts of an alert to a webhook")
    webhook_backoff_seconds: float = Field(2.0, ge=0, description="wait before the second attempt; doubled after")
    webhook_timeout_seconds: float = Field(10.0, gt=0, description="time a webhook has to answer")

    # --- lawyers (issue 6) -----------------------------------------------------
    min_cases_for_rate: int = 5

    @property
    def graph_dir(self) -> Path:
        """Folder of the embedded engine (only meaningful for falkordb:// URLs)."""
        return Path(self.graph_url.split("://", 1)[1])

    @property
    def engine(self) -> str:
        scheme = self.graph_url.split("://", 1)[0].lower()
        if scheme == "falkordb":
            return "falkordb"
        if scheme.startswith(("bolt", "neo4j")):
            return "neo4j"
        raise ValueError(
            f"RISKGRAPH_GRAPH_URL={self.graph_url!r}: unknown scheme {scheme!r}; "
            "use falkordb://FOLDER, bolt://HOST:PORT or neo4j://HOST:PORT"
        )

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def rejects_dir(self) -> Path:
        return self.data_dir / "rejects"

    @property
    def checkpoints_dir(self) -> Path:
        return self.data_dir / "checkpoints"


@lru_cache
def get_settings() -> Settings:
    return Settings()
