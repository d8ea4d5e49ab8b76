"""Batch questions from JSONL (at least `id` and `question`; other fields are never read)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BatchQuestion:
    id: str
    question: str


class BatchError(ValueError):
    """A batch file that cannot be read at all."""


def read_batch(path: Path) -> tuple[list[BatchQuestion], list[str]]:
    """The questions, and a message per line that could not be used (line number and why)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchError(f"kan {path} niet lezen: {exc}") from exc
    questions: list[BatchQuestion] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            problems.append(f"{path.name}:{number}: geen geldige JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("question"), str):
            problems.append(f"{path.name}:{number}: 'id' en 'question' (tekst) zijn verplicht")
            continue
        questions.append(BatchQuestion(str(record["id"]), record["question"]))
    return questions, problems
