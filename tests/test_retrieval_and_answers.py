import json

from knowledge.models import Answer
from knowledge.answering.texts import NOT_FOUND, unknown_name


def test_retrieval_finds_the_right_passage(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    passages = knowledge.retriever.retrieve("wat doet de regiekamer?", 3)
    assert passages[0].source in {"rapport.pdf", "notitie.md"}
    assert "regiekamer" in passages[0].text.lower()
    assert json.dumps([p.as_json() for p in passages])  # serialisable for --json


def test_lexical_index_follows_the_store(knowledge, docs, tmp_path):
    knowledge.pipeline.ingest([docs])
    assert not knowledge.retriever.retrieve("waterschap dijkversterking", 3) or all(
        "dijk" not in p.text for p in knowledge.retriever.retrieve("waterschap dijkversterking", 3)
    )
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "dijk.txt").write_text("Dijken\n\nHet waterschap werkt aan dijkversterking langs de rivier.\n", encoding="utf-8")
    knowledge.pipeline.ingest([extra])
    assert knowledge.retriever.retrieve("waterschap dijkversterking", 1)[0].source == "dijk.txt"


def test_vector_weight_blends_in_the_vector_ranking(settings, fake_embeddings, analyzer, docs):
    from samenspel.wiring import open_knowledge

    settings.vector_weight = 0.5
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as k:
        k.pipeline.ingest([docs])
        passages = k.retriever.retrieve("instappen in een lopend project", 2)
        assert passages[0].source == "artikel.html"


def test_extractive_answer_quotes_and_cites(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    answer = knowledge.answerer.answer("Wat betekent solidariteit bij deelname aan een project?")
    assert isinstance(answer, Answer)
    assert answer.answered
    assert answer.citations[0].source == "spelregels.docx"
    assert answer.text.startswith("Volgens “Spelregels”")
    assert "betaalt zij wel mee" in answer.text


def test_extractive_answer_gives_pages(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    answer = knowledge.answerer.answer("Hoeveel betaalt elke gemeente aan het programmateam?")
    assert answer.answered
    pdf = [c for c in answer.citations if c.source == "rapport.pdf"]
    assert pdf and pdf[0].page == 2
    assert "(p. 2)" in answer.text


def test_says_so_when_it_does_not_know(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    answer = knowledge.answerer.answer("Wat voor weer wordt het dit weekend?")
    assert not answer.answered
    assert answer.text == NOT_FOUND["nl"]
    assert answer.citations == []
    elsewhere = knowledge.answerer.answer("Wat voor weer wordt het dit weekend in Dordrecht?")
    assert not elsewhere.answered
    assert elsewhere.text == unknown_name("nl", "Dordrecht")  # the documents never name it


def test_answers_in_english_when_asked_in_english(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    answer = knowledge.answerer.answer("What does the regiekamer do with the regional agenda?")
    assert answer.language == "en"
    assert answer.answered
    assert answer.text.startswith("According to")
    unknown = knowledge.answerer.answer("What is the weather like on Mars?")
    assert unknown.text == NOT_FOUND["en"]


def test_empty_store_answers_honestly(knowledge):
    answer = knowledge.answerer.answer("Wat doet de regiekamer?")
    assert not answer.answered


def test_follow_up_uses_earlier_question(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    answer = knowledge.answerer.answer("en kan dat later nog?", context=["hoe werkt het instapmodel voor projecten?"])
    assert answer.answered
    assert answer.citations[0].source == "artikel.html"


def test_without_an_answer_it_still_points_to_the_closest_places(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    answer = knowledge.answerer.answer("Hoeveel kost het lidmaatschap van de regiekamer per jaar?")
    assert not answer.answered and answer.citations == []
    assert answer.related and len(answer.related) <= 3
    assert len({(c.source, c.quote) for c in answer.related}) == len(answer.related)
    assert all(c.quote and c.title for c in answer.related)
    assert json.loads(json.dumps(answer.as_json()))["related"][0]["source"]
