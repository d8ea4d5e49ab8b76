"""The regiekamer overview in Teams: the summary as a card in the regiekamer's conversation. A
proactive Teams message cannot carry a file without SharePoint, so the PDF stays with the report
files (and goes to Slack where configured); the card says where."""

from __future__ import annotations

from bot.teams.cards import card, text_block
from bot.teams.survey_delivery import TeamsSender
from overview.build import OverviewFiles


class TeamsOverviewDeliverer:
    channel = "teams"

    def __init__(self, sender: TeamsSender, target: str) -> None:
        self._sender = sender
        self._target = target

    def deliver(self, files: OverviewFiles) -> None:
        if not self._target:
            return
        body = [text_block(line, weight="Bolder" if i == 0 else "Default", spacing="Small") for i, line in enumerate(files.summary.splitlines())]
        body.append(text_block(f"De PDF staat bij de beheerder: {files.pdf.name}", isSubtle=True, size="Small"))
        self._sender.send(self._target, card(body))
