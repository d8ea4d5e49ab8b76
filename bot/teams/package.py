"""The Teams app package: manifest.json plus the two icons, zipped, ready to upload in Teams
("Apps → Manage your apps → Upload an app") or the Teams admin center."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlparse

MANIFEST_SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
BRAND = (31, 78, 121)  # the dark blue of the Slack app as well


class PackageError(ValueError):
    """What is missing or wrong to make a package Teams accepts; the message says how to fix it."""


def manifest(app_id: str, *, website: str, privacy_url: str = "", terms_url: str = "", version: str = "1.0.0") -> dict:
    """The Teams app manifest; Teams refuses ids that are not GUIDs and pages that are not https."""
    app_id = _guid(app_id)
    website = _https(website, "TEAMS_APP_WEBSITE (of --website)")
    privacy_url = _https(privacy_url or website.rstrip("/") + "/privacy", "TEAMS_APP_PRIVACY_URL")
    terms_url = _https(terms_url or website.rstrip("/") + "/voorwaarden", "TEAMS_APP_TERMS_URL")
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": "1.17",
        "version": version,
        "id": app_id,
        "developer": {"name": "Samenspel", "websiteUrl": website, "privacyUrl": privacy_url, "termsOfUseUrl": terms_url},
        "name": {"short": "Samenspel", "full": "Samenspel — vragen over onze samenwerking"},
        "description": {
            "short": "Antwoorden uit de documenten van de samenwerking, met bronnen.",
            "full": "Samenspel beantwoordt vragen over de regionale samenwerking — rollen, spelregels, deelname aan "
                    "projecten — uit de eigen documenten, met document en pagina erbij. Staat het er niet in, dan zegt "
                    "Samenspel dat. Ook korte reflectierondes over de kwaliteit van de samenwerking.",
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#1F4E79",
        "bots": [{
            "botId": app_id,
            "scopes": ["personal", "team", "groupChat"],
            "supportsFiles": True,
            "isNotificationOnly": False,
            "commandLists": [{
                "scopes": ["personal", "team", "groupChat"],
                "commands": [
                    {"title": "help", "description": "Hoe je een vraag stelt en welke documenten ik ken"},
                    {"title": "inlezen", "description": "Documenten opnieuw inlezen (alleen beheerders)"},
                    {"title": "deelname", "description": "Wie doet mee aan welk project (noem een project of organisatie)"},
                ],
            }],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def build_package(app_id: str, out: Path, **kwargs) -> Path:
    content = json.dumps(manifest(app_id, **kwargs), indent=2, ensure_ascii=False)  # checked before anything is written
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", content)
        archive.writestr("color.png", _icon(192, colour=True))
        archive.writestr("outline.png", _icon(32, colour=False))
    return out


def _guid(app_id: str) -> str:
    if not app_id:
        raise PackageError("zet eerst TEAMS_APP_ID (in .env: de Application (client) ID van de botregistratie, "
                           "stap 1 van 'Teams koppelen'), of geef --app-id")
    try:
        return str(uuid.UUID(app_id.strip()))
    except ValueError:
        raise PackageError(
            f"'{app_id}' is geen geldige app-id: Teams verwacht een GUID zoals 00000000-0000-0000-0000-000000000000 "
            "(de Application (client) ID van de botregistratie)"
        ) from None


def _https(url: str, setting: str) -> str:
    parsed = urlparse(url.strip())
    if parsed.scheme != "https" or not parsed.netloc:
        shown = f"'{url}'" if url else "niets"
        raise PackageError(f"Teams wil een https-adres voor {setting}, maar kreeg {shown}; bijvoorbeeld https://www.regio.nl/samenspel")
    return url.strip()


def _icon(size: int, *, colour: bool) -> bytes:
    """Two interlocking rings: a colour icon on the brand blue, and a white outline on transparency."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), BRAND + (255,) if colour else (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    width = max(2, size // 14)
    r = size * 0.24
    for cx in (size * 0.38, size * 0.62):
        draw.ellipse([cx - r, size / 2 - r, cx + r, size / 2 + r], outline=(255, 255, 255, 255), width=width)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
