"""The regiekamer overview in Slack: the PDF and the workbook uploaded to the channel, with the
short summary as the message."""

from __future__ import annotations

from slack_sdk import WebClient

from overview.build import OverviewFiles


class SlackOverviewDeliverer:
    channel = "slack"

    def __init__(self, client: WebClient, target: str) -> None:
        self._client = client
        self._target = target

    def deliver(self, files: OverviewFiles) -> None:
        if not self._target:
            return
        uploads = [{"file": str(p), "filename": p.name, "title": "Overzicht voor de regiekamer" if p.suffix == ".pdf" else "De cijfers (Excel)"}
                   for p in files.files if p.suffix in (".pdf", ".xlsx")]
        self._client.files_upload_v2(channel=self._target, file_uploads=uploads, initial_comment=files.summary)
