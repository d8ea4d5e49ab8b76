"""Who is in a Slack channel, for the rule that an answer in a channel comes only from what every
member may read (`conversations.members`, a page at a time)."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.audiences import MembershipUnavailable


class SlackMembership:
    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._bot_user: str | None = None

    def members(self, place: str) -> frozenset[str]:
        """The people in the channel; the bot itself is one of its members, but not a reader."""
        channel = place.split(":", 1)[1]
        members: list[str] = []
        cursor = None
        try:
            if self._bot_user is None:
                self._bot_user = self._client.auth_test()["user_id"]
            while True:
                page = self._client.conversations_members(channel=channel, cursor=cursor, limit=200)
                members.extend(page["members"])
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except (SlackApiError, OSError) as exc:
            raise MembershipUnavailable(str(exc)[:200]) from exc
        return frozenset(f"slack:{m}" for m in members if m != self._bot_user)
