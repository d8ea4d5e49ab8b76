"""A kleur-bekennen round driven by the clock: open it (message every representative), remind the
organisations that have not answered every project, close it (the final matrix, what changed, who
stayed silent, posted to the regiekamer). Called on every scheduler tick, on any replica."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from infra.lifecycle import run_lifecycle
from registry.report import changes_text, write_report
from registry.rounds import DeclarationRound, DeclarationRounds, Invitation
from registry.service import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoundResult:
    """What the regiekamer gets at close: the summary, the files, and who did not answer."""

    info: DeclarationRound
    summary: str
    files: list[Path]
    silent: list[str]
    unreachable: list[str] = ()  # organisations without a representative: never asked


class RoundDeliverer(Protocol):
    """One chat channel's way of reaching representatives; Slack and Teams each implement it."""

    channel: str

    def invite(self, info: DeclarationRound, invitation: Invitation) -> dict | None: ...

    def remind(self, info: DeclarationRound, invitation: Invitation) -> None: ...

    def post_result(self, result: RoundResult) -> None: ...

    def close(self, info: DeclarationRound, invitation: Invitation) -> None:
        """Redraw a sent invitation as closed: the final choices, no menus left to click."""


class DeclarationRunner:
    def __init__(self, rounds: DeclarationRounds, deliverers: list[RoundDeliverer], *, replica: str, report_dir: Path,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.rounds = rounds
        self.deliverers = deliverers
        self.replica = replica
        self.report_dir = report_dir
        self.clock = clock

    def run_due(self, now: datetime | None = None) -> list[str]:
        """Open, remind and close what is due; every tick also invites a representative listed mid-round."""
        return run_lifecycle(self.rounds, now or self.clock(), self.replica, label="kleur ", remind_kind="kleur-remind",
                             on_open=self._open, on_close=self._close, on_remind=self._remind, on_tick=self._invite)

    def _open(self, info: DeclarationRound) -> None:
        self._invite(info)
        log.info("kleur-bekennen round %s opened", info.id)
        unreachable = self.rounds.unreachable_organisations()
        if unreachable:
            log.warning("kleur-bekennen round %s: no representative, so not asked: %s", info.id, ", ".join(unreachable))

    def _invite(self, info: DeclarationRound) -> None:
        """Message every representative not invited yet (at opening: all; later: one listed mid-round)."""
        for deliverer in self.deliverers:
            for invitation in self.rounds.invite_representatives(info.id, deliverer.channel):
                self._safely(deliverer.channel, "invite", info.id,
                             lambda invitation=invitation, deliverer=deliverer: self.rounds.mark_invited(
                                 invitation.id, deliverer.invite(info, invitation)))

    def _remind(self, info: DeclarationRound) -> None:
        for deliverer in self.deliverers:
            for invitation in self.rounds.invitations(info.id, deliverer.channel, pending_only=True):
                self._safely(deliverer.channel, "reminder", info.id, lambda invitation=invitation, deliverer=deliverer: deliverer.remind(info, invitation))

    def _close(self, info: DeclarationRound) -> None:
        for deliverer in self.deliverers:  # first: nobody clicks a menu that no longer counts
            for invitation in self.rounds.invitations(info.id, deliverer.channel):
                if invitation.message_ref:
                    self._safely(deliverer.channel, "closing an invitation", info.id,
                                 lambda invitation=invitation, deliverer=deliverer: deliverer.close(info, invitation))
        result = close_result(self.rounds, info, self.report_dir)
        for deliverer in self.deliverers:
            self._safely(deliverer.channel, "result", info.id, lambda deliverer=deliverer: deliverer.post_result(result))
        log.info("kleur-bekennen round %s closed; report in %s", info.id, result.files[0].parent if result.files else "-")

    @staticmethod
    def _safely(channel: str, what: str, round_id: int, action: Callable[[], object]) -> None:
        try:
            action()
        except Exception:
            log.exception("%s %s for kleur-bekennen round %s failed", channel, what, round_id)


def close_result(rounds: DeclarationRounds, info: DeclarationRound, report_dir: Path) -> RoundResult:
    """The final matrix of the round's theme, what changed while it was open, and who stayed silent."""
    folder = report_dir / f"kleur-bekennen-{info.id}"
    files = write_report(rounds.registry, folder, theme=info.theme, changes_since=info.opens_at)
    silent = rounds.silent_organisations(info.id)
    unreachable = rounds.unreachable_organisations()
    changes = rounds.registry.net_changes(info.opens_at, round_id=info.id)
    lines = [f"Kleur bekennen “{info.title}” is gesloten. De matrix is definitief.",
             f"Wat veranderde:\n{changes_text(changes)}\n(Elke klik staat in wijzigingen.csv.)"]
    if silent:
        lines.append(f"Niet (volledig) geantwoord: {', '.join(silent)}.")
    if unreachable:
        lines.append(f"Niet gevraagd, want zonder vertegenwoordiger: {', '.join(unreachable)}.")
    return RoundResult(info, "\n\n".join(lines), files, silent, unreachable)
