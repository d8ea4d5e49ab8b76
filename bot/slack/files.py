"""Fetching a file that someone sent to the bot: Slack serves it only with the bot's token."""

from __future__ import annotations

from bot.downloads import DownloadError, download

__all__ = ["DownloadError", "fetch_file"]


async def fetch_file(info: dict, token: str | None, max_bytes: int) -> bytes:
    """Download the file files.info describes, refusing more than `max_bytes`."""
    url = info.get("url_private_download") or info.get("url_private") or ""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data, content_type = await download(url, max_bytes, headers=headers)
    if "text/html" in content_type and not info.get("name", "").endswith((".html", ".htm")):
        raise DownloadError("Slack gaf een inlogpagina in plaats van het bestand (ontbreekt de scope files:read?)")
    return data
