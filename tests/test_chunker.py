from ingest.chunker import ChunkerConfig, chunk_blocks
from ingest.models import Block
from text.sentences import split_sentences


def sentences(n: int, prefix: str = "Zin") -> str:
    return " ".join(f"{prefix} nummer {i} gaat over de samenwerking tussen gemeenten in de regio." for i in range(n))


def test_chunks_respect_the_limit_and_never_cut_sentences():
    blocks = [Block(sentences(60), page=3, headings=("Hoofdstuk", "Paragraaf"))]
    chunks = chunk_blocks(blocks, source="a.pdf", title="A", doc_hash="h")
    assert len(chunks) > 3
    for chunk in chunks:
        assert len(chunk.text) <= 1200
        assert chunk.text.endswith(".")
        assert chunk.page == 3
        assert chunk.section == "Hoofdstuk › Paragraaf"


def test_consecutive_chunks_overlap_for_context():
    chunks = chunk_blocks([Block(sentences(40))], source="a.txt", title="A", doc_hash="h")
    last_sentence = split_sentences(chunks[0].text)[-1]
    first_of_next = split_sentences(chunks[1].text)[0]
    assert last_sentence in chunks[1].text
    assert first_of_next in chunks[0].text


def test_sections_start_new_chunks_and_tiny_sections_merge():
    blocks = [
        Block(sentences(8, "Eerst"), headings=("Een",)),
        Block("Kort.", headings=("Twee",)),
        Block(sentences(8, "Daarna"), headings=("Drie",)),
    ]
    chunks = chunk_blocks(blocks, source="a.md", title="A", doc_hash="h", config=ChunkerConfig(target_chars=2000, max_chars=2400))
    # the chunk is named after the section most of its text stands under, not the tiny one it starts with
    assert [c.section for c in chunks] == ["Een", "Drie"]
    assert "Kort." in chunks[1].text and "Daarna" in chunks[1].text


def test_a_line_repeated_under_every_article_is_furniture():
    blocks = []
    for n in range(1, 5):
        blocks += [Block("Materieel uitgewerkt per 04-04-2008", headings=(f"Artikel {n}",)),
                   Block(f"Het bestuur vergadert ten minste {n} keer per jaar over de begroting.", headings=(f"Artikel {n}",))]
    chunks = chunk_blocks(blocks, source="a.md", title="A", doc_hash="h")
    assert not any("Materieel uitgewerkt" in c.text for c in chunks)


def test_an_overlap_starts_where_a_sentence_starts():
    long_member = " ".join(["Deze regeling geldt voor verzoeken om schadevergoeding (Stcrt. 2006, 246)."] * 9)
    blocks = [Block(long_member, headings=("Artikel 2",)), Block(sentences(6), headings=("Artikel 2",))]
    chunks = chunk_blocks(blocks, source="a.txt", title="A", doc_hash="h")
    assert len(chunks) > 1
    assert all(c.text[:1].isupper() for c in chunks)


def test_an_overlong_sentence_is_split_at_words():
    chunks = chunk_blocks([Block("woord " * 600)], source="a.txt", title="A", doc_hash="h")
    assert all(len(c.text) <= 1200 for c in chunks)
    assert sum(c.text.count("woord") for c in chunks) >= 600


def test_chunk_ids_are_stable_and_version_specific():
    blocks = [Block(sentences(5))]
    one = chunk_blocks(blocks, source="a.txt", title="A", doc_hash="h1")
    again = chunk_blocks(blocks, source="a.txt", title="A", doc_hash="h1")
    other = chunk_blocks(blocks, source="a.txt", title="A", doc_hash="h2")
    assert [c.chunk_id for c in one] == [c.chunk_id for c in again]
    assert not {c.chunk_id for c in one} & {c.chunk_id for c in other}


def test_dutch_abbreviations_do_not_end_sentences():
    text = "Dit is o.a. besproken met Prof. dr. Mark Moore. Daarna volgde het advies."
    assert split_sentences(text) == ["Dit is o.a. besproken met Prof. dr. Mark Moore.", "Daarna volgde het advies."]


def test_a_passage_that_merged_a_short_article_cites_each_by_its_own_heading():
    blocks = [
        Block("Aan de leden wordt een vergoeding toegekend voor hun werkzaamheden.", headings=("Artikel 7 Vergoeding",)),
        Block(sentences(5, "Archief"), headings=("Artikel 8 Archief",)),
    ]
    chunk = chunk_blocks(blocks, source="a.md", title="A", doc_hash="h")[0]
    assert "vergoeding" in chunk.text and "Archief nummer" in chunk.text  # the short article merged into the next
    from knowledge.models import Passage

    passage = Passage(chunk.chunk_id, chunk.text, chunk.source, chunk.title, None, chunk.section,
                      section_marks=chunk.section_marks)
    assert passage.section_at("Aan de leden wordt een vergoeding") == "Artikel 7 Vergoeding"
    assert passage.section_at("Archief nummer 3") == "Artikel 8 Archief"
