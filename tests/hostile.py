"""Small generators of hostile and broken files, for the tests: nothing large is kept in the repo."""

from __future__ import annotations

import zipfile
from pathlib import Path


def zip_bomb_docx(path: Path, unpacked_mb: int = 600) -> Path:
    """A .docx whose word/document.xml unpacks to `unpacked_mb` MB of spaces (a few hundred KB packed)."""
    import docx

    base = path.with_suffix(".base.docx")
    document = docx.Document()
    document.add_paragraph("x")
    document.save(base)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "word/document.xml":
                with target.open("word/document.xml", "w", force_zip64=True) as stream:
                    block = b" " * (1024 * 1024)
                    for _ in range(unpacked_mb):
                        stream.write(block)
            else:
                target.writestr(item, source.read(item.filename))
    base.unlink()
    return path


def billion_laughs_docx(path: Path) -> Path:
    import docx

    base = path.with_suffix(".base.docx")
    document = docx.Document()
    document.add_paragraph("x")
    document.save(base)
    entities = '<!ENTITY lol "lol"><!ENTITY lol1 "' + "&lol;" * 10 + '">' + "".join(
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(2, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><w:document xmlns:w="http://schemas.openxmlformats.org/'
           'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, xml if item.filename == "word/document.xml" else source.read(item.filename))
    base.unlink()
    return path


def looping_pdf(path: Path) -> Path:
    """A PDF whose page tree points back at itself (/Kids of a child is its /Parent)."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               3: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"}
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[n]:010d} 00000 n \n".encode() for n in sorted(objects))
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def nested_html(path: Path, depth: int = 10_000) -> Path:
    path.write_text("<html><body>" + "<div><li>niveau " * depth + "diep" + "</li></div>" * depth + "</body></html>", encoding="utf-8")
    return path
