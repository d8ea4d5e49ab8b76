"""Bytes to text for the files people bring (a text document, a CSV from Excel): UTF-8, UTF-16 as
Excel's "Unicode-tekst" and Notepad write it, or the legacy code page of an older Windows or Mac. A
wrong guess stores mojibake ("Co‘vorden") for good, and binary or control characters become passages
of junk; both are refused with a reason instead."""

from __future__ import annotations

import codecs
import unicodedata

# What a Dutch office file can be written in when it is not UTF-8. chardet (7+) tells these apart
# from the letters they give, even in a few short lines.
_LEGACY = ("utf-16-le", "utf-16-be", "cp1252", "mac-roman")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_MAX_CONTROL_SHARE = 0.05  # real text holds tabs and line ends, hardly ever other control characters


class UnreadableText(ValueError):
    """The bytes are not text in an encoding we can tell; the message says so plainly (in Dutch)."""


def decode_text(data: bytes) -> str:
    """The text, or UnreadableText. UTF-8 first (any byte order mark decides), then chardet's pick of
    the legacy encodings; text that is mostly control characters is not text."""
    text = _decode(data)
    controls = sum(1 for c in text if _control(c))
    if text and controls > _MAX_CONTROL_SHARE * len(text):
        raise UnreadableText("bevat geen leesbare tekst (vooral stuurtekens; het is waarschijnlijk een binair of beschadigd bestand)")
    return "".join(c for c in text if not _control(c)) if controls else text  # a stray escape means nothing in a document


def _control(c: str) -> bool:
    return c not in "\t\n\r\f\v" and unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn")


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableText(f"is beschadigd: het begint als {encoding.upper()} maar is dat niet (positie {exc.start})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import chardet

    guess = chardet.detect(data, include_encodings=_LEGACY)["encoding"]
    if guess:
        try:
            return data.decode(guess)
        except (UnicodeDecodeError, LookupError):
            pass
    raise UnreadableText("is geen tekst in een bekende tekenset (UTF-8, UTF-16, Windows of Mac); "
                         "sla het op als UTF-8 en probeer opnieuw")


_INVISIBLE_DIRECTION = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))  # bidi overrides ("Trojan source")


def printable(text: str) -> str:
    """Text as a terminal should show it when it comes from a file or a store (a file name, a title,
    a quote): control characters and direction overrides written out as \\x1b, so a name cannot
    recolour the screen, move the cursor or reverse what follows. Line ends and tabs stay."""
    return "".join(_shown(c) for c in text)


def _shown(c: str) -> str:
    if (unicodedata.category(c) == "Cc" and c not in "\n\t") or ord(c) in _INVISIBLE_DIRECTION:
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
    return c
