"""Small test documents written by the tests themselves, in every supported format."""

from __future__ import annotations

import json
from pathlib import Path

REGIEKAMER = (
    "De regiekamer bewaakt de samenhang van de regionale agenda. Zij spreekt gemeenten aan op het nakomen "
    "van afspraken en besluit over het starten van programma's."
)
SOLIDARITEIT = (
    "Bij solidariteit doet een gemeente niet mee aan het project, maar betaalt zij wel mee omdat het "
    "project belangrijk is voor de hele regio."
)
INSTAPMODEL = "Met het instapmodel kan een gemeente later alsnog instappen in een lopend project."
BEGROTING = "De begroting van het programmateam wordt elk jaar in november door de regiekamer vastgesteld."
FINANCIERING = "Elke gemeente betaalt een basisbijdrage van 2 euro per inwoner aan het programmateam."


def write_samples(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_pdf(folder / "rapport.pdf", [("Rollen", REGIEKAMER), ("Financiering", FINANCIERING)], title="Rapport over rollen")
    write_docx(folder / "spelregels.docx", "Spelregels", [("Deelname", SOLIDARITEIT)])
    (folder / "artikel.html").write_text(
        "<html><head><title>Artikel over instappen</title><script>var tracking = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/menu'>Menu navigatie</a></nav>"
        f"<main><h1>Instappen</h1><p>{INSTAPMODEL}</p></main>"
        "<footer>Copyright voettekst disclaimer</footer></body></html>",
        encoding="utf-8",
    )
    (folder / "notitie.md").write_text(f"# Notitie\n\n## Regiekamer\n\n{REGIEKAMER}\n", encoding="utf-8")
    (folder / "memo.txt").write_text(f"Memo financiering\n\n{BEGROTING}\n", encoding="utf-8")
    (folder / "manifest.json").write_text(
        json.dumps({"notitie": {"title": "Notitie uit het manifest", "publisher": "Testregio", "year": 2025}}),
        encoding="utf-8",
    )


def write_pdf(path: Path, pages: list[tuple[str, str]], title: str | None = None, encrypt: str | None = None) -> None:
    """One page per (heading, text), a real PDF with a text layer (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for i, (heading, text) in enumerate(pages):
        if i:
            story.append(PageBreak())
        story.append(Paragraph(heading, styles["Heading1"]))
        story.append(Paragraph(text, styles["BodyText"]))
    kwargs = {"title": title} if title else {}
    if encrypt:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(encrypt, ownerPassword=encrypt + "-owner", canPrint=0)
    SimpleDocTemplate(str(path), pagesize=A4, **kwargs).build(story)


def write_pdf_lines(path: Path, lines: list[tuple[float, str]]) -> None:
    """One page of lines in one font, each (white space above it in points, text): a layout where
    only the spacing tells paragraphs and headings apart, as in many scanned reports."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("Helvetica", 10)
    y = 800.0
    for space_above, text in lines:
        y -= space_above
        page.drawString(40, y, text)
    page.save()


def write_docx(path: Path, title: str, sections: list[tuple[str, str]]) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for heading, text in sections:
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    document.save(str(path))


def ingest_texts(knowledge, folder: Path, documents: dict[str, str]) -> None:
    """Write small documents (name → text) into a fresh folder and ingest it."""
    folder.mkdir()
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    knowledge.pipeline.ingest([folder])
