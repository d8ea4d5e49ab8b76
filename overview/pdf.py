"""The overview as a PDF a board can read, print and archive (reportlab): a cover page with the
period and what stands out, then a section per kind of data, each only when there is data. Tables
wrap their cells to fit an A4 page; charts are the PNGs of the reflection and registry reports."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from overview.collect import Overview, period_label
from registry.variants import BY_KEY

_VARIANT_SHORT = {"volledig": "V", "solidair": "S", "instap": "I", "geen": "–"}


def write_pdf(overview: Overview, path: Path, charts: dict[str, list[Path]]) -> Path:
    """`charts`: per section ("reflection", "participation") the PNGs to include, in order."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=14, alignment=TA_LEFT)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontSize=17, spaceAfter=8)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontSize=13, spaceBefore=10, spaceAfter=4)
    width = A4[0] - 4 * cm

    def p(text: str, style=body) -> Paragraph:
        return Paragraph(escape(text), style)

    def table(rows: list[list[str]], widths: list[float] | None = None) -> Table:
        cells = [[Paragraph(f"<b>{escape(c)}</b>" if i == 0 else escape(c), small) for c in row] for i, row in enumerate(rows)]
        shown = Table(cells, colWidths=widths or [width / len(rows[0])] * len(rows[0]), repeatRows=1)
        shown.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return shown

    def image(png: Path) -> Image:
        from PIL import Image as Pil

        with Pil.open(png) as img:
            w, h = img.size
        scale = min(width / w, (A4[1] - 7 * cm) / h)
        return Image(str(png), width=w * scale, height=h * scale)

    story: list = [Spacer(1, 3 * cm), Paragraph("Overzicht voor de regiekamer", styles["Title"]),
                   p(f"Periode: {period_label(overview.start, overview.end)}"), Spacer(1, 1 * cm),
                   Paragraph("Wat opvalt", h2)]
    story += [p(f"• {line}") for line in overview.highlights()] or [p("Geen bijzonderheden in deze periode.")]
    story += [Spacer(1, 1 * cm), p("Samengesteld door Samenspel uit de reflectierondes, het register van deelname, de gestelde "
                                   "vragen en de ingelezen documenten. Er staan geen namen of gebruikers in; uitkomsten van "
                                   "groepen kleiner dan het minimum blijven verborgen.", small), PageBreak()]

    number = 0
    if overview.reflection:
        number += 1
        report = overview.reflection.report
        story.append(Paragraph(f"{number}. Reflectie op de samenwerking", h1))
        story.append(p(report.summary()))
        if not report.too_small:
            story += [image(png) for png in charts.get("reflection", [])]
            if overview.reflection.fallen:
                story.append(Paragraph("Stellingen die het meest daalden", h2))
                story.append(table([["Thema", "Vorige ronde", "Deze ronde"]] +
                                   [[t, _num(b), _num(n)] for t, b, n in overview.reflection.fallen]))
            opens = [t for item in report.items if not item.on_scale and not item.hidden for t in item.texts]
            if opens:
                story.append(Paragraph("Open antwoorden (zonder namen)", h2))
                story += [p(f"• {t}", small) for t in opens[:25]]
        story.append(PageBreak())

    if overview.participation:
        number += 1
        part = overview.participation
        story.append(Paragraph(f"{number}. Deelname aan projecten (kleur bekennen)", h1))
        for png in charts.get("participation", []):
            story.append(KeepTogether([image(png)]))
        for matrix in part.matrices:
            if not matrix.projects:
                continue
            story.append(Paragraph(f"Thema {matrix.theme}" if matrix.theme else "Projecten zonder thema", h2))
            rows = [["Organisatie", *matrix.projects]]
            rows += [[o, *(_VARIANT_SHORT.get(matrix.cells.get((o, pr), ""), "?") for pr in matrix.projects)] for o in matrix.organisations]
            first = width * 0.34
            story.append(table(rows, [first] + [(width - first) / len(matrix.projects)] * len(matrix.projects)))
        story.append(p("V = volledige deelname, S = solidariteit (betaalt mee), I = instapmodel, – = geen deelname, ? = nog geen keuze.", small))
        story.append(Paragraph("Wat veranderde in deze periode", h2))
        if part.changes:
            story.append(table([["Project", "Organisatie", "Was", "Werd"]] + [
                [c.now.project, c.now.organisation, BY_KEY[c.before].nl if c.before else "nog geen keuze", BY_KEY[c.now.variant].nl]
                for c in part.changes]))
        else:
            story.append(p("Geen wijzigingen."))
        if part.without_lead:
            story.append(Paragraph("Projecten zonder trekker", h2))
            story.append(p(", ".join(part.without_lead)))
        if part.undeclared:
            story.append(Paragraph("Nog geen keuze vastgelegd", h2))
            story.append(table([["Project", "Gemeenten zonder keuze"]] + [[k, ", ".join(v)] for k, v in part.undeclared.items()],
                               [width * 0.35, width * 0.65]))
        for title, silent in part.silent_in_rounds.items():
            story.append(p(f"Ronde “{title}”: niet (volledig) geantwoord: {', '.join(silent) or 'iedereen antwoordde'}."))
        story.append(PageBreak())

    if overview.questions:
        number += 1
        q = overview.questions
        story.append(Paragraph(f"{number}. Vragen aan Samenspel", h1))
        down = "1 antwoord kreeg" if q.thumbs_down_count == 1 else f"{q.thumbs_down_count} antwoorden kregen"
        story.append(p(f"{q.asked} vragen gesteld; {q.answered} beantwoord (waarvan {q.by_registry} uit het register), "
                       f"{q.unanswered_count} niet. {down} een duim omlaag."))
        if q.topics:
            story.append(Paragraph("Waar de vragen over gingen (de documenten die de antwoorden aanhaalden)", h2))
            story.append(table([["Document", "Vragen"]] + [[t, str(n)] for t, n in q.topics], [width * 0.8, width * 0.2]))
        if q.unanswered:
            story.append(Paragraph("Vragen die Samenspel niet kon beantwoorden", h2))
            story += [p(f"• {text}", small) for text in q.unanswered]
        if q.thumbs_down:
            story.append(Paragraph("Antwoorden met een duim omlaag, en wat er miste", h2))
            story.append(table([["Vraag", "Opmerking"]] + [[question, " / ".join(c) or "–"] for question, c in q.thumbs_down],
                               [width * 0.5, width * 0.5]))
        if not overview.show_question_text and (q.unanswered_count or q.thumbs_down_count):
            story.append(p("De tekst van de vragen is weggelaten (OVERVIEW_SHOW_QUESTION_TEXT).", small))
        story.append(PageBreak())

    if overview.documents:
        number += 1
        d = overview.documents
        story.append(Paragraph(f"{number}. Documenten", h1))
        story.append(p(f"Samenspel kent {d.total} documenten."))
        for label, names in (("Toegevoegd", d.added), ("Bijgewerkt", d.changed), ("Verwijderd", d.removed)):
            if names:
                story.append(p(f"{label}: {', '.join(names)}"))
        if d.unreached:
            story.append(Paragraph("Documenten waar geen enkel antwoord uit kwam", h2))
            story += [p(f"• {t}", small) for t in d.unreached[:40]]
        story.append(PageBreak())

    if overview.signals:
        number += 1
        story.append(Paragraph(f"{number}. Signalen voor de agenda", h1))
        story.append(p("Waar een lage of dalende score in de reflectie samenvalt met vragen die onbeantwoord bleven, "
                       "over hetzelfde thema. Een vraag voor de regiekamer, geen oordeel.", small))
        story += [p(f"• {s.question()}") for s in overview.signals]

    while story and isinstance(story[-1], PageBreak):
        story.pop()  # no empty last page

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, 1.2 * cm, f"Samenspel — overzicht {period_label(overview.start, overview.end)}")
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"pagina {doc.page}")
        canvas.restoreState()

    path.parent.mkdir(parents=True, exist_ok=True)
    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
                                 title="Overzicht voor de regiekamer", author="Samenspel")
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return path


def _num(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")
