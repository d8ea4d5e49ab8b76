"""Secrets never reach the log: a filter that masks Slack tokens and bearer tokens in every record,
whatever library wrote it."""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(r"\b(xox[abposr]|xapp)-[A-Za-z0-9-]+|(?<=Bearer )[A-Za-z0-9._~+/=-]{8,}")


def redact(text: str) -> str:
    return _SECRET.sub(lambda m: (m.group(1) + "-***") if m.group(1) else "***", text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install(level: str) -> None:
    """Configure logging once for a command, with the filter on every handler."""
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
