"""The overview as a PDF a board can read, print and archive (reportlab). Page 1 is a dashboard:
the collaboration, the period, six key figures each with its direction since before, and what
needs the regiekamer's attention. The sections after it (participation, reflection, questions,
documents) follow one another without forced page breaks, so the whole stays a few pages."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from overview.collect import Figure, Overview
from overview.period import period_label
from registry.dates import spoken
from registry.variants import BY_KEY

_TONE = {"good": "#1b7837", "bad": "#b2182b", "neutral": "#555555"}
_CHART_MAX_HEIGHT_CM = 11.5  # two charts fit a page, each still readable


def write_pdf(overview: Overview, path: Path, charts: dict[str, list[Path]]) -> Path:
    """`charts`: per section ("reflection", "participation") the PNGs to include, in order."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak, Image, KeepInFrame, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    muted = ParagraphStyle("muted", parent=small, textColor=colors.HexColor("#555555"))
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontSize=16, spaceBefore=6, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontSize=12, spaceBefore=8, spaceAfter=3)
    kicker = ParagraphStyle("kicker", parent=body, fontSize=11, textColor=colors.HexColor("#555555"))
    title = ParagraphStyle("title", parent=styles["Title"], alignment=0, fontSize=22, leading=26, spaceAfter=4)
    label_style = ParagraphStyle("label", parent=small, textColor=colors.HexColor("#555555"))
    value_style = ParagraphStyle("value", parent=body, fontName="Helvetica-Bold", fontSize=20, leading=24)
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

    def image(png: Path, max_height_cm: float = _CHART_MAX_HEIGHT_CM) -> Image:
        from PIL import Image as Pil

        with Pil.open(png) as img:
            w, h = img.size
        scale = min(width / w, max_height_cm * cm / h)
        return Image(str(png), width=w * scale, height=h * scale)

    def tile(figure: Figure) -> list:
        parts = [Paragraph(escape(figure.label.upper()), label_style), Paragraph(escape(figure.value), value_style)]
        if figure.detail:
            parts.append(p(figure.detail, small))
        if figure.change:
            parts.append(Paragraph(f'<font color="{_TONE[figure.tone]}">{escape(figure.change)}</font>', small))
        return parts

    # --- page 1: the dashboard (shrunk to fit one page, whatever the number of agenda lines) ----
    story: list = []
    if overview.collaboration:
        story.append(p(overview.collaboration, kicker))
    story += [Paragraph("Overzicht voor de regiekamer", title),
              p(f"Periode: {period_label(overview.start, overview.end)}"
                + (f" · gemaakt op {spoken(overview.made_on)}" if overview.made_on else ""), kicker),
              Spacer(1, 0.5 * cm)]
    figures = overview.figures()
    grid = Table([[tile(f) for f in figures[i:i + 3]] for i in range(0, len(figures), 3)], colWidths=[width / 3] * 3)
    grid.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#bbbbbb")),
        ("INNERGRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#bbbbbb")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f7f7f7")),
    ]))
    story += [grid, Spacer(1, 0.5 * cm), Paragraph("Voor de agenda", h1)]
    agenda = overview.agenda()
    story += [p(f"• {line}") for line in agenda] or [p("Niets dat om aandacht vraagt in deze periode.")]
    if overview.signals:
        story.append(p("Een signaal is een lage of dalende score in de reflectie die samenvalt met onbeantwoorde vragen "
                       "over hetzelfde thema: een vraag voor de regiekamer, geen oordeel.", muted))
    closing = p(f"{_sections_line(overview)} Pijlen vergelijken met de vorige periode van dezelfde lengte (reflectie: met de "
                "vorige ronde). Zonder namen of gebruikers; uitkomsten van kleine groepen blijven verborgen.", muted)
    story += [Spacer(1, 0.3 * cm)] + [image(png, 6.8) for png in charts.get("dashboard", [])]
    story += [Spacer(1, 0.3 * cm), closing]
    story = [KeepInFrame(width, A4[1] - 4 * cm - 12, story, mode="shrink"), PageBreak()]

    # --- the sections -----------------------------------------------------------------------
    number = 0
    if overview.participation:
        number += 1
        part = overview.participation
        story.append(Paragraph(f"{number}. Deelname aan projecten (kleur bekennen)", h1))
        story.append(p(f"Stand zoals vastgelegd op {spoken(part.matrix.as_of) if part.matrix.as_of else 'het einde van de periode'}."))
        story += [KeepTogether([image(png, 14)]) for png in charts.get("participation", [])]
        if part.undeclared:
            story.append(Paragraph("Nog geen keuze vastgelegd", h2))
            story.append(p("; ".join(f"{organisation}: {', '.join(projects)}" for organisation, projects in part.undeclared.items()) + "."))
        story.append(Paragraph("Wat veranderde in deze periode", h2))
        if part.changes:
            story.append(table([["Project", "Organisatie", "Was", "Werd"]] + [
                [c.now.project, c.now.organisation, BY_KEY[c.before].nl if c.before else "nog geen keuze", BY_KEY[c.now.variant].nl]
                for c in part.changes]))
            story.append(p("Per organisatie en project: de stand aan het begin tegenover die aan het eind. Elke "
                           "afzonderlijke klik staat in het register (samenspel registry changes).", muted))
        else:
            story.append(p("Geen wijzigingen."))
        if part.without_lead:
            story.append(Paragraph("Projecten zonder trekker", h2))
            story.append(p(", ".join(part.without_lead)))
        for round_title, silent in part.silent_in_rounds.items():
            story.append(p(f"Kleur bekennen “{round_title}”: " + (f"niet (volledig) geantwoord: {', '.join(silent)}." if silent
                                                                  else "iedereen die gevraagd is, antwoordde.")))
        if part.unreachable:
            story.append(p(f"Zonder vertegenwoordiger, dus niet gevraagd: {', '.join(part.unreachable)}."))

    if overview.reflection:
        number += 1
        report = overview.reflection.report
        story += [CondPageBreak(8 * cm), Paragraph(f"{number}. Reflectie op de samenwerking", h1)]
        if not overview.reflection.in_period:
            story.append(p("In deze periode sloot geen reflectieronde; dit is de laatste ronde ervoor.", muted))
        story.append(p(report.summary()))
        if not report.too_small:
            story += [KeepTogether([image(png)]) for png in charts.get("reflection", [])]
            if overview.reflection.fallen:
                story.append(KeepTogether([Paragraph("Stellingen die het meest daalden", h2), table(
                    [["Thema", "Vorige ronde", "Deze ronde"]] + [[t, _num(b), _num(n)] for t, b, n in overview.reflection.fallen])]))
            opens = [t for item in report.items if not item.on_scale and not item.hidden for t in item.texts]
            if opens:
                story.append(Paragraph("Open antwoorden (zonder namen)", h2))
                story += [p(f"• {t}", small) for t in opens[:25]]

    if overview.questions:
        number += 1
        q = overview.questions
        story += [CondPageBreak(6 * cm), Paragraph(f"{number}. Vragen aan Samenspel", h1)]
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

    if overview.documents:
        number += 1
        d = overview.documents
        story += [CondPageBreak(5 * cm), Paragraph(f"{number}. Documenten", h1)]
        story.append(p(f"Samenspel kent {d.total} documenten."))
        for label, names in (("Toegevoegd", d.added), ("Bijgewerkt", d.changed), ("Verwijderd", d.removed)):
            if names:
                story.append(p(f"{label}: {', '.join(names)}"))
        if not (d.added or d.changed or d.removed):
            story.append(p("In deze periode is geen document toegevoegd, bijgewerkt of verwijderd."))
        if d.unreached:
            story.append(Paragraph("Documenten waar geen enkel antwoord uit kwam", h2))
            story += [p(f"• {t}", small) for t in d.unreached[:40]]

    while story and isinstance(story[-1], PageBreak):
        story.pop()  # no empty last page

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        who = f"{overview.collaboration} — " if overview.collaboration else "Samenspel — "
        canvas.drawString(2 * cm, 1.2 * cm, f"{who}overzicht {period_label(overview.start, overview.end)}")
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"pagina {doc.page}")
        canvas.restoreState()

    path.parent.mkdir(parents=True, exist_ok=True)
    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
                                 title="Overzicht voor de regiekamer", author="Samenspel")
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return path


def _sections_line(overview: Overview) -> str:
    """Where to read more: the sections after this page."""
    names = [name for name, present in (("deelname", overview.participation), ("reflectie", overview.reflection),
                                        ("vragen", overview.questions), ("documenten", overview.documents)) if present]
    return f"Verderop: {', '.join(names)}. De cijfers staan ook in overzicht.xlsx." if names else "Er zijn nog geen gegevens voor deze periode."


def _num(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")
