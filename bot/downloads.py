"""Fetching a document someone sent to the bot, with a size limit and a reason on failure."""

from __future__ import annotations

import aiohttp


class DownloadError(Exception):
    """The file could not be fetched; the message says why, for the person who sent it."""


async def download(url: str, max_bytes: int, *, headers: dict | None = None, timeout_seconds: float = 60) -> tuple[bytes, str]:
    """The body and its content type; refuses more than `max_bytes`."""
    if not url:
        raise DownloadError("geen downloadadres")
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_seconds)) as session:
            async with session.get(url, headers=headers or {}) as response:
                if response.status != 200:
                    raise DownloadError(f"HTTP {response.status}")
                data = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    data.extend(chunk)
                    if len(data) > max_bytes:
                        raise DownloadError("bestand te groot")
                return bytes(data), response.headers.get("Content-Type", "")
    except aiohttp.ClientError as exc:
        raise DownloadError(str(exc) or type(exc).__name__) from exc
    except TimeoutError as exc:
        raise DownloadError("time-out") from exc
