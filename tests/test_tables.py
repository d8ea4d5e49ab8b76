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
