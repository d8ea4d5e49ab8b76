from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.loaders import loader_for
from tests.conftest import CORPUS_MIXED, needs_shared
from tests.samples import BEGROTING, INSTAPMODEL, REGIEKAMER, SOLIDARITEIT


def load(path: Path):
    return loader_for(path).load(path)


def texts(document) -> str:
    return " ".join(b.text for b in document.blocks)


def test_pdf_keeps_pages_headings_and_title(docs):
    document = load(docs / "rapport.pdf")
    assert document.title == "Rapport over rollen"
    pages = {b.page for b in document.blocks}
    assert pages == {1, 2}
    financing = next(b for b in document.blocks if "basisbijdrage" in b.text)
    assert financing.page == 2
    assert financing.headings == ("Financiering",)
    assert "samenhang van de regionale agenda" in texts(document)


def test_pdf_paragraphs_and_run_in_headings_from_line_spacing(tmp_path):
    from tests.samples import write_pdf_lines

    path = tmp_path / "verslag.pdf"
    write_pdf_lines(path, [
        (0, "De regio werkt samen aan een gedeelde agenda en legt"),
        (14, "de afspraken vast in een convenant."),
        (23, "Rol van de regiekamer"),
        (14, "De regiekamer bewaakt de samenhang van de regionale"),
        (14, "agenda en spreekt gemeenten aan op gemaakte afspraken."),
        (23, "Over de begroting besluit de regiekamer elk jaar in"),
        (23, "november, na overleg met de colleges van de gemeenten."),
    ])
    blocks = load(path).blocks
    assert [b.text for b in blocks] == [
        "De regio werkt samen aan een gedeelde agenda en legt de afspraken vast in een convenant.",
        "Rol van de regiekamer",
        "De regiekamer bewaakt de samenhang van de regionale agenda en spreekt gemeenten aan op gemaakte afspraken.",
        # more space mid-sentence (a scan's quirk) does not cut the sentence
        "Over de begroting besluit de regiekamer elk jaar in november, na overleg met de colleges van de gemeenten.",
    ]
    assert blocks[1].is_heading
    assert blocks[2].headings[-1] == "Rol van de regiekamer"


def test_docx_headings_and_core_title(docs):
    document = load(docs / "spelregels.docx")
    assert document.title == "Spelregels"
    body = next(b for b in document.blocks if "solidariteit" in b.text.lower())
    assert body.headings == ("Deelname",)
    assert SOLIDARITEIT in texts(document)


def test_html_main_content_only(docs):
    document = load(docs / "artikel.html")
    text = texts(document)
    assert INSTAPMODEL in text
    for boilerplate in ("Home", "navigatie", "Copyright", "tracking"):
        assert boilerplate not in text
    assert document.title == "Artikel over instappen"


def test_markdown_heading_path_and_plain_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Titel\n\n## Deel\n\n- **Vet**: zie [site](http://x)\n- tweede\n\nGewone *zin* hier.\n", encoding="utf-8")
    document = load(path)
    assert document.title == "Titel"
    bullets = next(b for b in document.blocks if b.text.startswith("•"))
    assert bullets.text == "• Vet: zie site\n• tweede"
    assert bullets.headings == ("Titel", "Deel")
    assert any(b.text == "Gewone zin hier." for b in document.blocks)


def test_text_paragraphs_and_heading(docs):
    document = load(docs / "memo.txt")
    assert document.title == "Memo financiering"
    assert BEGROTING in texts(document)


def test_unsupported_type_is_a_clear_error(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(IngestError, match="niet ondersteund"):
        loader_for(path)


BROKEN_FILES = [
    ("binair.txt", bytes(range(256)) * 40, "geen tekst|geen leesbare tekst"),
    ("stuurtekens.txt", bytes(range(1, 9)) * 2000, "geen leesbare tekst"),
    ("kapot.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage without xref", "PDF|beschadigd"),
    ("kapot.docx", b"this is no zip file", "Word"),
]


@pytest.mark.parametrize("name,data,reason", BROKEN_FILES)
def test_broken_files_are_refused_with_a_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError, match=reason):
        load(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "mac_roman"])
def test_a_text_file_in_any_encoding_people_save_is_read_without_mojibake(tmp_path, encoding):
    text = "# Coördinatie\n\nDe gemeente Coëvorden en ’s-Hertogenbosch betalen één bijdrage van € 15.000.\n"
    path = tmp_path / "oud.md"
    path.write_bytes(text.encode(encoding))
    assert "Coëvorden en ’s-Hertogenbosch betalen één bijdrage van € 15.000" in texts(load(path))


def test_encrypted_pdf_is_refused(tmp_path):
    from tests.samples import write_pdf

    path = tmp_path / "geheim.pdf"
    write_pdf(path, [("Geheim", REGIEKAMER)], encrypt="wachtwoord")
    with pytest.raises(IngestError, match="versleuteld"):
        load(path)


@needs_shared
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS_MIXED.iterdir()) if CORPUS_MIXED.is_dir() else [])
def test_every_file_of_the_shared_corpus_loads(name):
    document = load(CORPUS_MIXED / name)
    body = [b for b in document.blocks if not b.is_heading]
    assert len(body) > 5
    assert document.title
    if name.endswith(".pdf"):
        assert max(b.page for b in body) > 10  # page numbers are kept
    if name.endswith(".html"):
        assert "Home" not in texts(document)  # navigation is dropped


def test_every_registered_suffix_reaches_a_loader_that_claims_it():
    from ingest.loaders import supported_suffixes

    for suffix in supported_suffixes():
        assert suffix in loader_for(Path(f"x{suffix}")).suffixes


def test_regulations_keep_articles_under_their_chapters(tmp_path):
    """Gemeenschappelijke regelingen and treaties: "Hoofdstuk III" with its title line, and the
    articles under it, whatever heading levels the file gives them."""
    from ingest.loaders.markdown import MarkdownLoader
    from ingest.loaders.text import TextLoader

    text = tmp_path / "regeling.txt"
    text.write_text("Regeling Voorbeeldregio\n\nHoofdstuk III\n\nHet algemeen bestuur\n\nArtikel 4\n\n"
                    "1. Het algemeen bestuur bestaat uit zeven leden.\n\nArtikel 5\n\nHet algemeen bestuur vergadert openbaar.\n",
                    encoding="utf-8")
    markdown = tmp_path / "regeling.md"
    markdown.write_text("# Regeling Voorbeeldregio\n\n### Hoofdstuk III\n\n#### Het algemeen bestuur\n\n### Artikel 4\n\n"
                        "1. Het algemeen bestuur bestaat uit zeven leden.\n\n### Artikel 5\n\nHet algemeen bestuur vergadert openbaar.\n",
                        encoding="utf-8")
    for loader, path in ((TextLoader(), text), (MarkdownLoader(), markdown)):
        body = [b for b in loader.load(path).blocks if not b.is_heading]
        assert body[0].headings[-2:] == ("Hoofdstuk III Het algemeen bestuur", "Artikel 4"), loader
        assert body[1].headings[-2:] == ("Hoofdstuk III Het algemeen bestuur", "Artikel 5"), loader


def test_running_headers_footers_and_page_numbers_are_not_text(tmp_path):
    """A header and footer on every page and the page number are the layout's furniture: they never
    end up inside a sentence."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ingest.loaders.pdf import PdfLoader

    path = tmp_path / "verslag.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    topics = ["de woningbouw", "de bereikbaarheid", "de energietransitie", "het sociaal domein"]
    for number, topic in enumerate(topics, start=1):
        page.setFont("Helvetica", 9)
        page.drawString(40, 810, "Regio Zandvoorde | Jaarverslag 2025")
        page.setFont("Helvetica", 11)
        page.drawString(40, 700, f"Over {topic} besprak de regiekamer de voortgang van de")
        page.drawString(40, 686, "projecten met alle gemeenten.")
        page.setFont("Helvetica", 9)
        page.drawString(290, 30, f"{number}")
        page.drawString(40, 30, "Vertrouwelijk concept")
        page.showPage()
    page.save()
    text = " ".join(b.text for b in PdfLoader().load(path).blocks)
    assert "Jaarverslag 2025" not in text and "Vertrouwelijk" not in text
    assert "Over de woningbouw besprak de regiekamer de voortgang van de projecten" in text
    assert not any(b.text.strip().isdigit() for b in PdfLoader().load(path).blocks)


def test_a_regulation_is_titled_by_its_name_not_by_its_first_numbered_label(tmp_path):
    """"§ 1" or "Artikel 1" is no title; the regulation's long name that heads the text is, in plain
    text and in an export's Markdown that writes "##Name" without a space."""
    from ingest.loaders.markdown import MarkdownLoader
    from ingest.loaders.text import TextLoader

    name = ("Regeling houdende bepalingen omtrent de instelling van een gezamenlijke commissie ten behoeve van "
            "de coördinatie van verzoeken om schadevergoeding in de regio Zandvoorde")
    text = tmp_path / "regeling.txt"
    text.write_text(f"{name}\n\n§ 1\n\nArtikel 1\n\nIn deze regeling wordt verstaan onder commissie: de commissie.\n",
                    encoding="utf-8")
    assert TextLoader().load(text).title == name
    markdown = tmp_path / "besluit.md"
    markdown.write_text(f"<meta charset='utf-8' />\n\n##{name}\n\n### §  1\n\n### Artikel 1\n\nDe tekst van het artikel.\n",
                        encoding="utf-8")
    loaded = MarkdownLoader().load(markdown)
    assert loaded.title == name
    assert not any("meta" in b.text for b in loaded.blocks)
