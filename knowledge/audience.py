"""Who a document is meant for. A document's audience is a set of group names ("regiekamer",
"programmateam"); an empty audience is everyone in the collaboration. A reader is the set of groups
they (or, in a channel, every member of it) belong to, or None for an administrator's terminal,
which reads everything. What a reader may not read is hidden in the search itself."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

EVERYONE = "iedereen"  # the word for "no restriction", in a command or a manifest
_NAME = re.compile(r"^[a-z0-9][a-z0-9 _.-]{0,59}$")


class AudienceError(ValueError):
    """A group name that cannot be one (the message says why, in Dutch)."""


def group_name(name: str) -> str:
    """A group's name as it is kept: lower case, single spaces; refused when it cannot be typed back."""
    cleaned = " ".join(str(name).split()).lower()
    if not _NAME.match(cleaned):
        raise AudienceError(f"'{name}' kan geen groepsnaam zijn: gebruik letters, cijfers, spatie, punt, - of _ (hoogstens 60 tekens)")
    return cleaned


def audience_of(names: Iterable[str] | str) -> tuple[str, ...]:
    """The audience for some group names; 'iedereen' (alone or among others) is no restriction."""
    if isinstance(names, str):
        names = [part for part in re.split(r"[,;]", names)]
    cleaned = [group_name(n) for n in names if str(n).strip()]
    if not cleaned or EVERYONE in cleaned:
        return ()
    return tuple(sorted(dict.fromkeys(cleaned)))


def hidden_from(audiences: Mapping[str, tuple[str, ...]], groups: frozenset[str] | None) -> frozenset[str]:
    """The documents a reader in `groups` may not read (None reads everything)."""
    if groups is None:
        return frozenset()
    return frozenset(source for source, audience in audiences.items() if audience and not groups.intersection(audience))


def shown(audience: tuple[str, ...]) -> str:
    return ", ".join(audience) if audience else EVERYONE
