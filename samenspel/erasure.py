"""Erasing one person: their answers, invitations, their id in every round's audience, where the
Teams bot can reach them, their id in the registry (representative, who declared) and in the report
files written under the data dir (a kleur-bekennen round's "what changed" says who declared); then
the storage is rewritten so the bytes do not linger in the files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.audiences import GroupDirectory
from bot.teams.references import ConversationStore
from infra.database import Database
from registry.service import Registry
from surveys.service import SurveyService

ERASED_TABLES = ["survey_answers", "survey_deliveries", "survey_rounds", "teams_conversations", "registry_participation",
                 "registry_roles", "registry_representatives", "registry_round_deliveries", "registry_rounds", "audience_groups"]
REPORT_FILES = ("*.csv", "*.txt", "*.md", "*.json")  # the report files that can hold an id as text


@dataclass(frozen=True)
class Erasure:
    answers: int  # survey answers erased
    registry: int  # registry rows that held the id (representative, invitation, who declared or ended a role)
    reports: list[Path]  # report files the id was taken out of
    groups: int = 0  # reader groups the person was named in


def erase_person(db: Database, service: SurveyService, channel: str, user_id: str, report_dir: Path | None = None) -> Erasure:
    """The registry keeps what was declared (an organisation's choice is not the person's), but not
    who declared it; so do the report files, where the id becomes "<channel>:gewist"."""
    removed = service.forget(channel, user_id)
    registry_rows = Registry(db).forget_person(channel, user_id)
    groups = GroupDirectory(db).forget(channel, user_id)
    if channel == "teams":
        ConversationStore(db).forget(user_id)
    db.scrub(ERASED_TABLES)
    reports = _forget_in_reports(report_dir, channel, user_id) if report_dir is not None else []
    return Erasure(removed, registry_rows, reports, groups)


def _forget_in_reports(report_dir: Path, channel: str, user_id: str) -> list[Path]:
    """Rewrite every report file that holds the person's id (a new file replaces the old one, so no
    copy of the old bytes stays behind under its name)."""
    if not report_dir.is_dir():
        return []
    needle, erased = f"{channel}:{user_id}", f"{channel}:gewist"
    changed = []
    for pattern in REPORT_FILES:
        for path in sorted(report_dir.rglob(pattern)):
            raw = path.read_bytes()
            if needle.encode() not in raw and user_id.encode() not in raw:
                continue
            text = raw.decode("utf-8", errors="surrogateescape").replace(needle, erased)
            text = re.sub(rf"(?<![\w]){re.escape(user_id)}(?![\w])", "gewist", text)
            fresh = path.with_name(f".{path.name}.gewist")
            fresh.write_bytes(text.encode("utf-8", errors="surrogateescape"))
            fresh.replace(path)
            changed.append(path)
    return changed
