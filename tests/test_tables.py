"""Tables in DOCX, HTML and Markdown become one line per row with its column headers, so a row can be
found and quoted on its own ("Gemeente: Oss; Bijdrage: € 267.380")."""

from __future__ import annotations

from ingest.loaders.docx import DocxLoader
from ingest.loaders.html import HtmlLoader
from ingest.loaders.markdown import MarkdownLoader
from ingest.tables import table_lines
from tests.samples import ingest_texts

ROWS = [["Gemeente", "Inwoners", "Bijdrage"], ["Oss", "92.000", "€ 267.380"], ["Uden", "42.000", "€ 122.060"]]


def test_rows_carry_their_headers():
    assert table_lines(ROWS) == ["• Gemeente: Oss; Inwoners: 92.000; Bijdrage: € 267.380",
                                 "• Gemeente: Uden; Inwoners: 42.000; Bijdrage: € 122.060"]


def test_a_two_column_table_without_header_reads_as_label_and_value():
    assert table_lines([["Koninkrijk België:", "0,5%"], ["Waals Gewest", "30%"], ["", ""]]) == [
        "• Koninkrijk België: 0,5%", "• Waals Gewest: 30%"]


def test_markdown_table(tmp_path):
    path = tmp_path / "verdeling.md"
    path.write_text(
        "# Verdeling\n\nDe kosten worden verdeeld volgens de volgende sleutel:\n\n"
        "| Gemeente | Inwoners | Bijdrage |\n|---|---:|---:|\n| Oss | 92.000 | € 267.380 |\n| Uden | 42.000 | € 122.060 |\n\n"
        "| --- | --- |\n|:---|:---|\n| Provincie: | 30% |\n",
        encoding="utf-8")
    texts = [b.text for b in MarkdownLoader().load(path).blocks if not b.is_heading]
    assert texts[1] == "• Gemeente: Oss; Inwoners: 92.000; Bijdrage: € 267.380\n• Gemeente: Uden; Inwoners: 42.000; Bijdrage: € 122.060"
    assert texts[2] == "• Provincie: 30%"


def test_html_table(tmp_path):
    path = tmp_path / "verdeling.html"
    rows = "".join(f"<tr><td>{g}</td><td>{i}</td><td>{b}</td></tr>" for g, i, b in ROWS[1:])
    path.write_text(f"<html><body><main><h1>Verdeling</h1><table><tr><th>Gemeente</th><th>Inwoners</th><th>Bijdrage</th></tr>"
                    f"{rows}</table></main></body></html>", encoding="utf-8")
    texts = [b.text for b in HtmlLoader().load(path).blocks if not b.is_heading]
    assert texts == ["• Gemeente: Oss; Inwoners: 92.000; Bijdrage: € 267.380\n• Gemeente: Uden; Inwoners: 42.000; Bijdrage: € 122.060"]


def test_docx_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Verdeling", 1)
    table = document.add_table(rows=0, cols=3)
    for row in ROWS:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    path = tmp_path / "verdeling.docx"
    document.save(path)
    texts = [b.text for b in DocxLoader().load(path).blocks if not b.is_heading]
    assert texts == ["• Gemeente: Oss; Inwoners: 92.000; Bijdrage: € 267.380", "• Gemeente: Uden; Inwoners: 42.000; Bijdrage: € 122.060"]


def test_a_table_row_is_quoted_with_what_announced_it(knowledge, tmp_path):
    ingest_texts(knowledge, tmp_path / "stukken", {
        "verdeling.md":
        "# Verdeling\n\nDe deelnemers dragen de kosten van het secretariaat volgens de volgende verdeelsleutel:\n\n"
        "| --- | --- |\n|:---|:---|\n| Gemeente Oss: | 40% |\n| Gemeente Uden: | 35% |\n| Gemeente Veghel: | 25% |\n",
    })
    answer = knowledge.answerer.answer("Welk deel van de kosten van het secretariaat draagt de gemeente Uden?")
    assert answer.answered
    assert "35%" in answer.text and "verdeelsleutel" in answer.text


BUDGET = [["Gemeente", "Totaal 2026", "Totaal 2027"], ["Molenrade", "€ 12.000", "€ 12.000"], ["Oss", "€ 9.500", "€ 10.250"]]
BUDGET_LINES = ["• Gemeente: Molenrade; Totaal 2026: € 12.000; Totaal 2027: € 12.000",
                "• Gemeente: Oss; Totaal 2026: € 9.500; Totaal 2027: € 10.250"]


def test_a_header_that_holds_a_year_is_a_header_and_equal_amounts_both_stay():
    assert table_lines(BUDGET) == BUDGET_LINES
    assert table_lines([["Jaar", "2026", "2027"], ["Bijdrage", "€ 1.000", "€ 1.000"]]) == ["• Jaar: Bijdrage; 2026: € 1.000; 2027: € 1.000"]
    # a first row of values is data, not a header
    assert table_lines([["2026", "€ 1.000"], ["2027", "€ 1.200"]]) == ["• 2026: € 1.000", "• 2027: € 1.200"]


def test_budget_tables_in_word_and_html(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=3)
    for row in BUDGET:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    merged = table.add_row().cells
    merged[0].text = "Nog te verdelen"
    merged[1].merge(merged[2]).text = "€ 5.000"
    path = tmp_path / "begroting.docx"
    document.save(path)
    texts = [b.text for b in DocxLoader().load(path).blocks if not b.is_heading]
    assert texts == [*BUDGET_LINES, "• Gemeente: Nog te verdelen; Totaal 2026: € 5.000"]

    html = tmp_path / "begroting.html"
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in BUDGET)
    html.write_text(f"<html><body><main><h1>Begroting</h1><table>{rows}</table></main></body></html>", encoding="utf-8")
    assert [b.text for b in HtmlLoader().load(html).blocks if not b.is_heading] == ["\n".join(BUDGET_LINES)]


def test_word_s_repeat_as_header_row_names_the_columns(tmp_path):
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for row in (["Onderdeel", "Bedrag"], ["Programmateam", "€ 80.000"]):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    path = tmp_path / "kosten.docx"
    document.save(path)
    assert [b.text for b in DocxLoader().load(path).blocks] == ["• Onderdeel: Programmateam; Bedrag: € 80.000"]
