"""Fetching a file that someone sent to the bot: Slack serves it only with the bot's token."""

from __future__ import annotations

import aiohttp


class DownloadError(Exception):
    """The file could not be fetched; the message says why, for the person who sent it."""


async def fetch_file(info: dict, token: str | None, max_bytes: int, timeout_seconds: float = 60) -> bytes:
    """Download the file files.info describes, refusing more than `max_bytes`."""
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        raise DownloadError("geen downloadadres")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    timeout = aiohttp.ClientTimeout(total=timeout_seconds)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(url, headers=headers) as response:
                if response.status != 200:
                    raise DownloadError(f"HTTP {response.status}")
                if "text/html" in response.headers.get("Content-Type", "") and not info.get("name", "").endswith((".html", ".htm")):
                    raise DownloadError("Slack gaf een inlogpagina in plaats van het bestand (ontbreekt de scope files:read?)")
                data = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    data.extend(chunk)
                    if len(data) > max_bytes:
                        raise DownloadError("bestand te groot")
                return bytes(data)
    except aiohttp.ClientError as exc:
        raise DownloadError(str(exc) or type(exc).__name__) from exc
    except TimeoutError as exc:
        raise DownloadError("time-out") from exc
