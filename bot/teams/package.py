"""The Teams app package: manifest.json plus the two icons, zipped, ready to upload in Teams
("Apps → Manage your apps → Upload an app") or the Teams admin center."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

MANIFEST_SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
BRAND = (31, 78, 121)  # the dark blue of the Slack app as well


def manifest(app_id: str, *, version: str = "1.0.0", website: str = "https://example.org/samenspel") -> dict:
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": "1.17",
        "version": version,
        "id": app_id,
        "developer": {"name": "Samenspel", "websiteUrl": website, "privacyUrl": website + "/privacy", "termsOfUseUrl": website + "/voorwaarden"},
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
                ],
            }],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def build_package(app_id: str, out: Path, **kwargs) -> Path:
    if not app_id:
        raise ValueError("geef de app-id van de botregistratie (TEAMS_APP_ID of --app-id)")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(app_id, **kwargs), indent=2, ensure_ascii=False))
        archive.writestr("color.png", _icon(192, colour=True))
        archive.writestr("outline.png", _icon(32, colour=False))
    return out


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
