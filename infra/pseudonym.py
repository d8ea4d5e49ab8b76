"""Pseudonymous user ids: a keyed hash (HMAC-SHA256) of the channel's own user id, so that the
database never holds who said what, while one person's answers still belong together."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


class Pseudonymizer:
    def __init__(self, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("SAMENSPEL_PSEUDONYM_SECRET moet minstens 16 tekens lang zijn.")
        self._key = secret.encode("utf-8")

    def __call__(self, channel: str, user_id: str) -> str:
        return hmac.new(self._key, f"{channel}:{user_id}".encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def load_secret(configured: str | None, data_dir: Path, shared_database: bool) -> str:
    """The configured secret; else one kept in the data dir (created once, readable by the owner
    only). Replicas on a shared database must share the secret, so there it has to be configured."""
    if configured:
        return configured
    if shared_database:
        raise ValueError(
            "Zet SAMENSPEL_PSEUDONYM_SECRET wanneer DATABASE_URL is ingesteld: alle processen op die "
            "database moeten dezelfde sleutel gebruiken."
        )
    path = data_dir / "pseudonym.key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret)
    return secret


def pseudonymizer_from(settings) -> Pseudonymizer:
    """The pseudonymizer every part of one deployment shares (feedback and surveys alike)."""
    secret = load_secret(settings.pseudonym_secret, settings.data_dir, shared_database=bool(settings.database_url))
    return Pseudonymizer(secret)
