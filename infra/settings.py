"""The one settings object: every knob Samenspel reads from the environment (or `.env`).

Variable names are the ones operators see in `.env.example`; field names are what code uses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_TIMEZONE = "Europe/Amsterdam"


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    @field_validator("vector_weight", mode="before")
    @classmethod
    def _empty_is_default(cls, value):
        """`RETRIEVAL_VECTOR_WEIGHT=` (empty, as in `.env.example`) means the default."""
        return 0.0 if value in (None, "") else value

    @field_validator("calibration_file", "survey_template_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value):
        """An empty folder or file (`SURVEY_TEMPLATE_DIR=`, as in `.env.example`) means none, not the
        current folder."""
        return None if value in (None, "") else value

    # --- where data lives -------------------------------------------------------------
    data_dir: Path = Field(Path("data"), validation_alias=_env("SAMENSPEL_DATA_DIR"))
    document_dirs_raw: str = Field("", validation_alias=_env("SAMENSPEL_DOCUMENT_DIRS"))

    # --- ingest -------------------------------------------------------------------------
    max_file_mb: float = Field(50.0, validation_alias=_env("INGEST_MAX_FILE_MB"))
    max_passages: int = Field(10_000, validation_alias=_env("INGEST_MAX_PASSAGES"))
    prune_max_share: float = Field(0.5, validation_alias=_env("INGEST_PRUNE_MAX_SHARE"))
    parser_timeout_seconds: float = Field(300.0, gt=0, validation_alias=_env("INGEST_PARSER_TIMEOUT_SECONDS"))
    parser_memory_mb: int = Field(3072, ge=0, validation_alias=_env("INGEST_PARSER_MEMORY_MB"))
    chunk_max_chars: int = Field(1200, validation_alias=_env("CHUNK_MAX_CHARS"))
    chunk_target_chars: int = Field(700, validation_alias=_env("CHUNK_TARGET_CHARS"))

    # --- embeddings and store -----------------------------------------------------------
    embedding_model: str = Field("all-MiniLM-L6-v2", validation_alias=_env("EMBEDDING_MODEL"))
    embedding_device: str = Field("cpu", validation_alias=_env("EMBEDDING_DEVICE"))
    chroma_host: str | None = Field(None, validation_alias=_env("CHROMA_HOST"))
    chroma_port: int = Field(8000, validation_alias=_env("CHROMA_PORT"))
    chroma_collection: str = Field("samenspel", validation_alias=_env("CHROMA_COLLECTION"))
    store_lock_wait_seconds: float = Field(0.3, validation_alias=_env("STORE_LOCK_WAIT_SECONDS"))

    # --- retrieval and answers ----------------------------------------------------------
    retrieval_k: int = Field(5, validation_alias=_env("RETRIEVAL_K"))
    # Off (0) by default: the models that install offline lowered retrieval on Dutch text (docs/benchmarks.md).
    vector_weight: float = Field(0.0, ge=0, le=1, validation_alias=_env("RETRIEVAL_VECTOR_WEIGHT"))
    answer_quote_chars: int = Field(600, ge=120, le=1200, validation_alias=_env("ANSWER_QUOTE_CHARS"))
    semantic_model: str = Field("use-multilingual-v3", validation_alias=_env("SEMANTIC_MODEL"))
    semantic_neighbours: int = Field(5, validation_alias=_env("RETRIEVAL_SEMANTIC_NEIGHBOURS"))
    semantic_pool: int = Field(150, ge=0, validation_alias=_env("RETRIEVAL_SEMANTIC_POOL"))
    calibration_file: Path | None = Field(None, validation_alias=_env("SAMENSPEL_CALIBRATION_FILE"))
    # Off (empty) by default: no cross-encoder installs offline; a deployment names one it can download.
    rerank_model: str = Field("", validation_alias=_env("RERANK_MODEL"))
    rerank_depth: int = Field(10, ge=1, le=200, validation_alias=_env("RERANK_DEPTH"))
    index_follow_seconds: float = Field(5.0, gt=0, validation_alias=_env("INDEX_FOLLOW_SECONDS"))

    # --- optional LLM -------------------------------------------------------------------
    llm_provider: Literal["none", "openai", "azure", "ollama"] = Field(
        "none", validation_alias=_env("LLM_PROVIDER")
    )
    llm_model: str = Field("gpt-4o-mini", validation_alias=_env("LLM_MODEL"))
    llm_api_key: str | None = Field(None, validation_alias=_env("LLM_API_KEY", "OPENAI_API_KEY"))
    llm_base_url: str | None = Field(None, validation_alias=_env("LLM_BASE_URL"))
    llm_timeout_seconds: float = Field(30.0, validation_alias=_env("LLM_TIMEOUT_SECONDS"))
    azure_openai_endpoint: str | None = Field(None, validation_alias=_env("AZURE_OPENAI_ENDPOINT"))
    azure_openai_api_version: str = Field(
        "2024-10-21", validation_alias=_env("AZURE_OPENAI_API_VERSION")
    )

    log_level: str = Field("WARNING", validation_alias=_env("LOG_LEVEL"))

    # --- database (feedback, ingest history, surveys) -----------------------------------
    database_url: str | None = Field(None, validation_alias=_env("DATABASE_URL"))
    pseudonym_secret: str | None = Field(None, validation_alias=_env("SAMENSPEL_PSEUDONYM_SECRET"))

    # --- the assistant in chat ------------------------------------------------------------
    contact: str = Field("de regiekamer", validation_alias=_env("SAMENSPEL_CONTACT"))
    contact_en: str = Field("", validation_alias=_env("SAMENSPEL_CONTACT_EN"))
    rate_limit_per_minute: int = Field(6, validation_alias=_env("RATE_LIMIT_PER_MINUTE"))
    audience_cache_seconds: float = Field(15.0, ge=0, validation_alias=_env("AUDIENCE_MEMBERSHIP_CACHE_SECONDS"))

    # --- reflection surveys and the scheduler ---------------------------------------------
    survey_schedule: str = Field("", validation_alias=_env("SURVEY_SCHEDULE"))
    survey_template: str = Field("kwaliteit-samenwerking", validation_alias=_env("SURVEY_TEMPLATE"))
    survey_template_dir: Path | None = Field(None, validation_alias=_env("SURVEY_TEMPLATE_DIR"))
    survey_duration_days: float = Field(7.0, validation_alias=_env("SURVEY_DURATION_DAYS"))
    survey_reminder_days_raw: str = Field("3,6", validation_alias=_env("SURVEY_REMINDER_DAYS"))
    survey_min_group_size: int = Field(5, validation_alias=_env("SURVEY_MIN_GROUP_SIZE"))
    survey_slack_users_raw: str = Field("", validation_alias=_env("SURVEY_SLACK_USERS"))
    survey_slack_channel: str = Field("", validation_alias=_env("SURVEY_SLACK_CHANNEL"))
    survey_report_slack_channel: str = Field("", validation_alias=_env("SURVEY_REPORT_SLACK_CHANNEL"))
    reingest_schedule: str = Field("30 2 * * *", validation_alias=_env("REINGEST_SCHEDULE"))

    # --- the regiekamer overview (PDF) ---------------------------------------------------
    overview_collaboration: str = Field("", validation_alias=_env("OVERVIEW_COLLABORATION_NAME"))
    overview_schedule: str = Field("", validation_alias=_env("OVERVIEW_SCHEDULE"))
    overview_period_days: float = Field(30.0, gt=0, validation_alias=_env("OVERVIEW_PERIOD_DAYS"))
    overview_show_question_text: bool = Field(True, validation_alias=_env("OVERVIEW_SHOW_QUESTION_TEXT"))
    overview_slack_channel: str = Field("", validation_alias=_env("OVERVIEW_SLACK_CHANNEL"))
    overview_teams_conversation: str = Field("", validation_alias=_env("OVERVIEW_TEAMS_CONVERSATION"))

    # --- kleur bekennen: the participation registry's rounds ------------------------------
    registry_round_schedule: str = Field("", validation_alias=_env("REGISTRY_ROUND_SCHEDULE"))
    registry_round_theme: str = Field("", validation_alias=_env("REGISTRY_ROUND_THEME"))
    registry_round_days: float = Field(14.0, gt=0, validation_alias=_env("REGISTRY_ROUND_DAYS"))
    registry_reminder_days_raw: str = Field("7,12", validation_alias=_env("REGISTRY_REMINDER_DAYS"))
    registry_report_slack_channel: str = Field("", validation_alias=_env("REGISTRY_REPORT_SLACK_CHANNEL"))
    registry_report_teams_conversation: str = Field("", validation_alias=_env("REGISTRY_REPORT_TEAMS_CONVERSATION"))
    scheduler_enabled: bool = Field(True, validation_alias=_env("SCHEDULER_ENABLED"))
    scheduler_replica: str = Field("main", validation_alias=_env("SCHEDULER_REPLICA"))
    scheduler_tick_seconds: float = Field(30.0, validation_alias=_env("SCHEDULER_TICK_SECONDS"))
    timezone: str = Field(DEFAULT_TIMEZONE, validation_alias=_env("SAMENSPEL_TIMEZONE"))

    # --- Teams ------------------------------------------------------------------------------
    teams_app_id: str | None = Field(None, validation_alias=_env("TEAMS_APP_ID"))
    teams_app_password: str | None = Field(None, validation_alias=_env("TEAMS_APP_PASSWORD"))
    teams_tenant_id: str | None = Field(None, validation_alias=_env("TEAMS_TENANT_ID"))
    teams_allow_anonymous: bool = Field(False, validation_alias=_env("TEAMS_ALLOW_ANONYMOUS"))
    teams_admin_aad_ids_raw: str = Field("", validation_alias=_env("TEAMS_ADMIN_AAD_IDS"))
    teams_host: str = Field("0.0.0.0", validation_alias=_env("TEAMS_HOST"))
    teams_port: int = Field(3978, validation_alias=_env("TEAMS_PORT"))
    survey_teams_users_raw: str = Field("", validation_alias=_env("SURVEY_TEAMS_USERS"))
    survey_report_teams_conversation: str = Field("", validation_alias=_env("SURVEY_REPORT_TEAMS_CONVERSATION"))

    # --- Slack ------------------------------------------------------------------------------
    slack_bot_token: str | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_signing_secret: str | None = Field(None, validation_alias=_env("SLACK_SIGNING_SECRET"))
    slack_app_token: str | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=_env("SLACK_API_URL"))
    slack_admin_user_ids_raw: str = Field("", validation_alias=_env("SLACK_ADMIN_USER_IDS"))
    slack_host: str = Field("0.0.0.0", validation_alias=_env("SLACK_HOST"))
    slack_port: int = Field(3000, validation_alias=_env("SLACK_PORT"))

    # --- Teams app package -----------------------------------------------------------------
    teams_app_website: str = Field("", validation_alias=_env("TEAMS_APP_WEBSITE"))
    teams_app_privacy_url: str = Field("", validation_alias=_env("TEAMS_APP_PRIVACY_URL"))
    teams_app_terms_url: str = Field("", validation_alias=_env("TEAMS_APP_TERMS_URL"))

    def contact_in(self, language: str) -> str:
        """Whom to ask instead, in the answer's language: "de regiekamer" reads "the regiekamer"."""
        if language != "en":
            return self.contact
        if self.contact_en:
            return self.contact_en
        return re.sub(r"^(de|het)\s+", "the ", self.contact, flags=re.IGNORECASE)

    # --- derived paths ------------------------------------------------------------------
    @property
    def document_dirs(self) -> list[Path]:
        """Folders re-ingested by `samenspel ingest` without paths (comma-separated)."""
        return [Path(p) for p in _items(self.document_dirs_raw, ",")]

    @property
    def slack_admin_user_ids(self) -> set[str]:
        return set(_items(self.slack_admin_user_ids_raw, ","))

    @property
    def survey_reminder_days(self) -> list[float]:
        return [float(d) for d in _items(self.survey_reminder_days_raw, ",")]

    def registry_reminder_days(self) -> list[float]:
        return [float(d) for d in _items(self.registry_reminder_days_raw, ",")]

    @property
    def overview_schedules(self) -> list[str]:
        """Cron expressions (five fields, local time) for the regiekamer overview, separated by semicolons."""
        return _items(self.overview_schedule, ";")

    @property
    def registry_round_schedules(self) -> list[str]:
        """Cron expressions (five fields, local time) for kleur-bekennen rounds, separated by semicolons."""
        return _items(self.registry_round_schedule, ";")

    @property
    def survey_slack_users(self) -> list[str]:
        return _items(self.survey_slack_users_raw, ",")

    @property
    def survey_schedules(self) -> list[str]:
        """Cron expressions (five fields, local time), separated by semicolons."""
        return _items(self.survey_schedule, ";")

    @property
    def report_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def teams_admin_aad_ids(self) -> set[str]:
        return set(_items(self.teams_admin_aad_ids_raw, ","))

    @property
    def survey_teams_users(self) -> list[str]:
        """AAD object ids, or ["all"] for everyone who has the bot installed."""
        return _items(self.survey_teams_users_raw, ",")

    @property
    def upload_dir(self) -> Path:
        """Where documents sent to the bot in chat are kept, so that re-ingest finds them again."""
        return self.data_dir / "uploads"

    @property
    def sql_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'samenspel.db').resolve()}"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "store.lock"

    @property
    def cache_dir(self) -> Path:
        """Slow-to-build things that never change between runs (word list, tokenizer): a faster start."""
        return self.data_dir / "cache"

    @property
    def lexical_dir(self) -> Path:
        """This process's lexical index of the store: one per store it reads (a replica keeps its own)."""
        store = f"{self.chroma_host}-{self.chroma_port}" if self.uses_chroma_server else "local"
        return self.data_dir / "lexical" / f"{store}-{self.chroma_collection}"

    @property
    def uses_chroma_server(self) -> bool:
        return bool(self.chroma_host)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def _items(raw: str, separator: str) -> list[str]:
    """A list written in one variable ("U1, U2" or "0 9 1 * *; 0 9 15 * *"), blanks left out."""
    return [item.strip() for item in raw.split(separator) if item.strip()]
