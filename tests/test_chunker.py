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
    assert [c.section for c in chunks] == ["Een", "Twee"]
    assert "Kort." in chunks[1].text and "Daarna" in chunks[1].text


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
