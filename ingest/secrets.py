"""Documents that hold a credential: a token, a private key, a connection string with its password.
Such a file is refused (unless the administrator says it is meant), because everything ingested can
be quoted to anyone who asks. Recognised by detect-secrets' detectors for concrete credential
formats; its guessing detectors (high entropy, keywords) stay off, as reports and minutes are full of
long numbers and the word "wachtwoord"."""

from __future__ import annotations

import re
from collections.abc import Iterable

DETECTORS = ("SlackDetector", "PrivateKeyDetector", "BasicAuthDetector", "AWSKeyDetector", "AzureStorageKeyDetector",
             "JwtTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector", "OpenAIDetector", "StripeDetector",
             "SendGridDetector", "TwilioKeyDetector", "DiscordBotTokenDetector", "TelegramBotTokenDetector", "NpmDetector",
             "PypiTokenDetector", "MailchimpDetector", "ArtifactoryDetector")
# Basic-auth detection skips passwords with "!" and schemes with "+" (postgresql+psycopg://…): any
# URL that carries a user and a password counts here.
_CONNECTION = re.compile(r"\b[a-z][a-z0-9+.\-]*://[^\s:/@]+:[^\s/@]+@[^\s/]+", re.I)


def credentials_in(lines: Iterable[str]) -> list[tuple[int, str]]:
    """(line number, kind) of each credential, first of each kind per line."""
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import transient_settings

    found: list[tuple[int, str]] = []
    with transient_settings({"plugins_used": [{"name": name} for name in DETECTORS], "filters_used": []}):
        for number, line in enumerate(lines, 1):
            kinds = dict.fromkeys(secret.type for secret in scan_line(line))
            if not kinds and _CONNECTION.search(line):
                kinds = {"Verbindingsadres met wachtwoord": None}
            found.extend((number, kind) for kind in kinds)
    return found
