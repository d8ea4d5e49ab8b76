"""The corpora of the fresh question sets: real Dutch governance texts taken from
../shared/corpus/scale-laws600.tar.xz and written out in the formats users have (PDF, DOCX, HTML,
Markdown, text), so that a benchmark run reads them through every loader.

- `fresh` (bench/fresh/questions.jsonl, session 9): eight texts, 69 questions;
- `fresh2` (bench/fresh2/questions.jsonl, session 11): five texts about bodies and money — a working
  group of two governments, a contribution regulation, complaints committees, the pay of provincial
  council members, a disciplinary court — 58 questions, 15 of them traps;
- `fresh4` (bench/fresh4/questions.jsonl, session 19): a complaints procedure, a cross-border
  arrangement of two tax administrations and a budget shared among unions, 48 questions, 9 of them
  traps; nothing learns from it.

The questions of each set were written before any change was measured on them. The texts stay in
../shared; this script only converts them into a folder it is given.

Usage: python bench/fresh_corpus.py OUT_DIR [SET]
"""

from __future__ import annotations

import re
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = REPO.parent / "shared" / "corpus" / "scale-laws600.tar.xz"
QUESTIONS = REPO / "bench" / "fresh" / "questions.jsonl"

DOCUMENTS = {  # member of the archive → the name and format it gets in the corpus
    "0083_BWBR0033430.md": "bestuursreglement-cbp.pdf",
    "0181_BWBR0024048.md": "schaderegeling-tweede-maasvlakte.txt",
    "0310_BWBR0033502.md": "adviescommissie-bezwaren-ez.docx",
    "0380_BWBR0033678.md": "organisatiebesluit-huurcommissie.md",
    "0467_BWBR0029550.md": "kennisplatform-emv.html",
    "0542_BWBR0033075.md": "statuten-stichting-nak.md",
    "0010_BWBR0011633.md": "herindeling-twente.md",
    "0540_BWBR0019162.md": "circulaire-vergoedingen-wethouders.pdf",
}
SETS = {  # set → its documents and questions
    "fresh": (DOCUMENTS, QUESTIONS),
    "fresh2": ({
        "0597_BWBR0010881.md": "werkgroep-aruba-nederland.docx",
        "0115_BWBR0018852.md": "skal-bijdragereglement.pdf",
        "0598_BWBR0020229.md": "klachtencommissie-kinderbescherming.html",
        "0534_BWBR0006534.md": "rechtspositie-statenleden.md",
        "0106_BWBR0017866.md": "tuchtreglement-bkd.txt",
    }, REPO / "bench" / "fresh2" / "questions.jsonl"),
    "fresh4": ({
        "0445_BWBR0034045.md": "klachtenregeling-bewindvoerders-wsnp.pdf",
        "0353_BWBR0023781.md": "aanwezigheid-belastingambtenaren-belgie.html",
        "0506_BWBR0017352.md": "vakbondsfaciliteiten-onderwijs.docx",
    }, REPO / "bench" / "fresh4" / "questions.jsonl"),
}

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*$")


def build(out: Path, which: str = "fresh") -> Path:
    """Write the documents of set `which` into `out` and return it."""
    documents = SETS[which][0]
    out.mkdir(parents=True, exist_ok=True)
    with tarfile.open(ARCHIVE) as archive:
        members = {Path(m.name).name: m for m in archive.getmembers() if m.isfile()}
        for member, name in documents.items():
            text = archive.extractfile(members[member]).read().decode("utf-8")
            target = out / name
            if target.suffix == ".md":
                target.write_text(text, encoding="utf-8")  # as published, links and all
                continue
            blocks = _blocks(text)
            {".pdf": _pdf, ".docx": _docx, ".html": _html, ".txt": _txt}[target.suffix](blocks, target)
    return out


def _blocks(markdown: str) -> list[tuple[str, object]]:
    """("h", (level, text)), ("p", text) and ("table", rows) from the published Markdown."""
    out: list[tuple[str, object]] = []
    table: list[list[str]] = []
    for raw in markdown.splitlines():
        line = _LINK.sub(r"\1", raw).replace("<sup>", " (").replace("</sup>", ")").strip()
        if line.startswith("<meta") or not line:
            if table:
                out.append(("table", table))
                table = []
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(set(c) <= set(":-") for c in cells):
                table.append(["" if c == "---" else c for c in cells])
            continue
        if table:
            out.append(("table", table))
            table = []
        heading = _HEADING.match(line)
        if heading:
            if heading.group(2):
                out.append(("h", (len(heading.group(1)), heading.group(2))))
            continue
        out.append(("p", line.replace("*", "")))
    if table:
        out.append(("table", table))
    return out


def _txt(blocks, target: Path) -> None:
    parts = []
    for kind, value in blocks:
        if kind == "h":
            parts.append(value[1])
        elif kind == "p":
            parts.append(value)
        else:
            parts.append("\n".join("  ".join(row) for row in value))
    target.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def _html(blocks, target: Path) -> None:
    from html import escape

    title = next((v[1] for k, v in blocks if k == "h"), target.stem)
    body = []
    for kind, value in blocks:
        if kind == "h":
            level = min(value[0], 4)
            body.append(f"<h{level}>{escape(value[1])}</h{level}>")
        elif kind == "p":
            body.append(f"<p>{escape(value)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in value)
            body.append(f"<table>{rows}</table>")
    page = (f"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title></head>"
            f"<body><nav><a href=\"/\">Home</a> | <a href=\"/regelgeving\">Regelgeving</a></nav><main>"
            + "\n".join(body) + "</main><footer>Overheid.nl</footer></body></html>")
    target.write_text(page, encoding="utf-8")


def _docx(blocks, target: Path) -> None:
    import docx

    document = docx.Document()
    title = next((v[1] for k, v in blocks if k == "h"), target.stem)
    document.core_properties.title = title[:255]
    for kind, value in blocks:
        if kind == "h":
            document.add_heading(value[1], level=min(value[0], 4))
        elif kind == "p":
            document.add_paragraph(value)
        else:
            table = document.add_table(rows=len(value), cols=max(len(r) for r in value))
            for i, row in enumerate(value):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    document.save(str(target))


def _pdf(blocks, target: Path) -> None:
    from html import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    for kind, value in blocks:
        if kind == "h":
            story.append(Paragraph(escape(value[1]), styles["Heading1" if value[0] <= 2 else "Heading3"]))
        elif kind == "p":
            story.append(Paragraph(escape(value), styles["BodyText"]))
        else:
            for row in value:
                story.append(Paragraph(escape("   ".join(row)), styles["BodyText"]))
        story.append(Spacer(1, 4))
    title = next((v[1] for k, v in blocks if k == "h"), target.stem)
    SimpleDocTemplate(str(target), pagesize=A4, title=title).build(story)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] not in SETS):
        print(__doc__)
        sys.exit(2)
    print(build(Path(sys.argv[1]), *sys.argv[2:]))
