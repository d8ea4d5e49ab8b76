"""The small rules the extractive answerer leans on: English term units, answer types, quote windows."""

from knowledge.question.answer_types import can_answer, focus_words
from knowledge.question.glossary import english_term_groups
from tests.samples import ingest_texts


def test_english_words_become_one_unit_each_and_names_stay():
    groups = dict(english_term_groups("What does the Board propose with the Economic Board?"))
    assert groups["voorstellen adviseren"] is True  # two translations, one unit of meaning
    assert groups["bestuur Board"] is True  # a capitalised name keeps its own spelling as well
    assert groups["What"] is False  # not translated and no name: weighs half when unknown


def test_a_second_question_in_the_same_sentence_gets_its_own_quote(knowledge, tmp_path):
    from knowledge.question.two_questions import second_question

    assert second_question("uit hoeveel mensen bestaat de commissie en wie benoemt ze?") == "wie benoemt ze?"
    assert second_question("How long does it run, and how do you end it?") == "how do you end it?"
    assert second_question("wat doen de gemeenten en de provincie samen?") is None  # one question about two parties
    ingest_texts(knowledge, tmp_path / "docs", {
        "regeling.md": "# Regeling Zandvoorde\n\n## Commissie van advies\n\n"
        "Er is een commissie van advies, bestaande uit drie personen met kennis van het erfgoed. "
        "De commissie komt tenminste eenmaal per jaar bijeen en bepaalt haar eigen werkwijze, zij brengt verslag uit "
        "aan de deelnemers en kan gevraagd en ongevraagd adviseren over alles wat de uitvoering van de regeling raakt. "
        "Het secretariaat van de commissie berust bij de centrumgemeente, die ook de vergaderingen voorbereidt.\n\n"
        "## Benoeming\n\nHet algemeen bestuur benoemt de leden voor een periode van vier jaar.\n",
    })
    answer = knowledge.answerer.answer("uit hoeveel personen bestaat de commissie van advies en wie benoemt ze?")
    assert answer.answered
    assert "drie personen" in answer.text and "vier jaar" in answer.text
    first, second = answer.text.splitlines()
    assert first.startswith("Volgens “Regeling Zandvoorde”")
    assert second.startswith("Ook in Benoeming: “Het algemeen bestuur benoemt")  # the title once is enough
    assert [c.title for c in answer.citations] == ["Regeling Zandvoorde"] * 2  # the citations keep it whole


def test_a_further_quote_of_the_same_document_names_only_where_it_stands():
    from knowledge.answering.texts import quote_intro

    assert quote_intro("nl", "Regeling Zandvoorde", 4, "Artikel 9") == "Volgens “Regeling Zandvoorde”, Artikel 9 (p. 4)"
    assert quote_intro("nl", "Regeling Zandvoorde", 4, "Artikel 9", again=True) == "Ook in Artikel 9 (p. 4)"
    assert quote_intro("en", "Regeling Zandvoorde", 4, "", again=True) == "Also on p. 4"
    assert quote_intro("nl", "Regeling Zandvoorde", None, "", again=True) == "Ook"


def test_how_long_wants_a_duration():
    from knowledge.question.answer_types import expected_type

    assert expected_type("hoe lang loopt de regeling en kan een gemeente eruit?") == "duration"
    assert expected_type("Within what time must cases be reported?") == "duration"
    assert can_answer("duration", "De regeling loopt voor onbepaalde tijd.")
    assert can_answer("duration", "Meldingen worden binnen 24 uur doorgegeven.")
    assert not can_answer("duration", "De regeling kan door elke deelnemer worden opgezegd.")


def test_what_something_cost_wants_an_amount_of_money():
    from knowledge.question.answer_types import expected_type

    assert expected_type("wat heeft de nieuwe brug bij Zandvoorde gekost?") == "amount"
    assert expected_type("What salary does the director earn?") == "amount"
    assert expected_type("welk deel van de kosten betaalt Zandvoorde?") == "number"  # a share, not a price
    assert expected_type("hoeveel vacatiegeld krijgen de leden?") == "amount"  # the noun says money
    assert expected_type("hoe hoog is de basisbijdrage voor een landbouwer?") == "amount"
    assert expected_type("hoeveel leden heeft het bestuur?") == "number"
    assert not can_answer("amount", "De bijdrage wordt geïnd met twee gelijke nota's, in januari en juli.")
    assert can_answer("amount", "De nieuwe brug kostte € 2,4 miljoen.")
    assert can_answer("amount", "De bijdrage bedraagt 1.250.000 euro per jaar.")
    assert not can_answer("amount", "De nieuwbouw van de brug is vereist op grond van artikel 4.")


def test_who_holds_a_role_now_wants_a_persons_name():
    """Rules say who appoints the chair, not who the chair is today: "de huidige voorzitter" is a name."""
    from knowledge.question.answer_types import expected_type

    assert expected_type("wie is de huidige voorzitter van het tuchtgerecht?") == "person"
    assert expected_type("Who is the current director of the foundation?") == "person"
    assert expected_type("wie benoemt de voorzitter van het tuchtgerecht?") == "name"  # a role answers this one
    assert not can_answer("person", "De voorzitter wordt door het bestuur benoemd voor vier jaren.")
    assert can_answer("person", "Voorzitter van de werkgroep is de heer Bert Biesheuvel.")


def test_sentence_initial_article_is_no_name():
    question = "Who chairs the Economic Board?"
    assert not can_answer("name", "• Het opblazen van de Economic Board als platform.", question)
    assert can_answer("name", "De Economic Board wordt voorgezeten door Jan Jansen.", question)


def test_composition_questions_and_the_sentences_that_answer_them():
    from knowledge.question.forms.composition import composition_subject, states_composition

    assert composition_subject("hoe is het AB van Zandvoorde samengesteld, wie mag er mensen in zetten?") == "ab"
    assert composition_subject("wie zitten er in het dagelijks bestuur?") == "dagelijks bestuur"
    assert composition_subject("uit wie bestaat de commissie en wie zit die voor?") == "commissie"
    assert composition_subject("Who sits on the executive board?") == "executive board"
    assert composition_subject("wie is de voorzitter van het bestuur?") is None
    assert states_composition("Het algemeen bestuur bestaat uit zeven leden.")
    assert states_composition("Er wordt een commissie van 4 leden gevormd.")
    assert not states_composition("De voorzitter is belast met de leiding van de vergaderingen.")


def test_chair_questions_want_the_sentence_that_says_who_chairs_that_body(analyzer):
    from knowledge.question.forms.answer_forms import answer_form
    from knowledge.question.forms.composition import chair_body

    assert chair_body("wie zit het DB van Zandvoorde voor?") == "db"
    assert chair_body("wie wordt voorzitter van het algemeen bestuur van het erfgoedcentrum?") == "algemeen bestuur"
    assert chair_body("Who chairs the Economic Board Drechtsteden?") == "economic board drechtsteden"
    assert chair_body("wat doet de voorzitter?") is None
    holds = answer_form("wie zit het dagelijks bestuur van Zandvoorde voor?", analyzer)
    assert holds("Het dagelijks bestuur wordt voorgezeten door de burgemeester van Zandvoorde.")
    assert holds("Het dagelijks bestuur kiest uit zijn midden een voorzitter.")
    assert not holds("De voorzitter van het dagelijks bestuur is belast met de leiding van de vergaderingen.")
    assert not holds("De burgemeester van Zandvoorde is voorzitter van de regioraad.")  # another body
    trap = answer_form("Who chairs the Economic Board Drechtsteden?", analyzer)
    assert not trap("De burgemeester van Dordrecht is voorzitter van de Drechtraad in de Drechtsteden.")


def test_a_chair_chosen_from_among_the_members_is_an_answer(knowledge, tmp_path):
    """"Kiest uit zijn midden de voorzitter" names no new person or body, yet answers who chairs; a
    look-alike regulation whose chair sentence does name one must not win. (Whether to answer at all is
    the calibrated decision's, measured on the question sets; here: what the answer would quote.)"""
    ingest_texts(knowledge, tmp_path / "docs", {
        "zandvoorde.md": "# Regeling Erfgoedhuis Zandvoorde\n\n## Het algemeen bestuur\n\n"
        "Het algemeen bestuur bestaat uit vijf leden. Het algemeen bestuur kiest uit zijn midden de voorzitter. "
        "Een lid van het algemeen bestuur blijft in functie totdat een opvolger is aangewezen.\n",
        "heuvelrijk.md": "# Regeling Archiefdienst Heuvelrijk\n\n## Het algemeen bestuur\n\n"
        "De voorzitter van het algemeen bestuur wordt aangewezen uit de wethouders van de gemeenten. "
        "Het algemeen bestuur regelt de vervanging van de voorzitter.\n",
    })
    question = knowledge.retriever.read("wie wordt voorzitter van het algemeen bestuur van het erfgoedhuis?")
    choice = knowledge.answerer.choose(question, knowledge.retriever.retrieve(question, 5))
    window, _ = choice.windows[0]
    assert window.passage.source == "zandvoorde.md"
    assert "Het algemeen bestuur kiest uit zijn midden de voorzitter" in window.quote


def test_who_chairs_a_body_that_no_sentence_says_is_weighed_as_unlikely(knowledge, tmp_path):
    """No sentence says who chairs the Raad: its word for the chair is nowhere, no sentence has the
    form of a chair answer, and the window covers little of the question. (Whether that is a refusal is
    the calibrated decision's; its abstain rate is measured on the question sets.)"""
    ingest_texts(knowledge, tmp_path / "docs", {
        "raad.md": "# Economische Raad Zandvoorde\n\nDe Economische Raad adviseert de colleges over de regionale economie. "
        "De Economische Raad vergadert viermaal per jaar met de wethouders economie.\n",
    })
    question = knowledge.retriever.read("wie is voorzitter van de Economische Raad?")
    assert not next(u for u in question.units if u.word == "voorzitter").known
    choice = knowledge.answerer.choose(question, knowledge.retriever.retrieve(question, 5))
    assert choice.windows[0][1].signals["form"] == 0 and choice.signals["window"] < 1.0  # the chair is not covered
    assert knowledge.answerer.answer("wat doet de Economische Raad?").answered


def test_a_question_that_names_a_collaboration_is_answered_from_its_documents(knowledge, tmp_path):
    """Two regulations on one template: a sentence of the one does not answer about the other."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "zandvoorde.md": "# Regeling Zandvoorde\n\nHet algemeen bestuur van Zandvoorde besluit met gewone meerderheid "
        "van stemmen. Het algemeen bestuur vergadert viermaal per jaar.\n",
        "heuvelrijk.md": "# Regeling Heuvelrijk\n\nHet algemeen bestuur vergadert tweemaal per jaar. De secretaris "
        "van het algemeen bestuur is de directeur.\n",
    })
    answer = knowledge.answerer.answer("met welke meerderheid besluit het algemeen bestuur van Heuvelrijk?")
    assert all("zandvoorde" not in c.source for c in answer.citations)
    assert knowledge.answerer.answer("met welke meerderheid besluit het algemeen bestuur van Zandvoorde?").answered


def test_a_composition_answer_outweighs_the_words_of_the_question(knowledge, tmp_path):
    from knowledge.question.forms.answer_forms import answer_form

    """*Samengesteld* is never in the answer; the sentence that says what the body consists of covers
    it, so sentences that repeat the body's name more do not win."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "regeling.md": "# Regeling Zandvoorde\n\n## Het algemeen bestuur\n\n"
        "De leden van het dagelijks bestuur worden aangewezen in de eerste vergadering van het algemeen bestuur "
        "in de nieuwe samenstelling van het algemeen bestuur. Het algemeen bestuur bestaat uit zeven leden. "
        "De minister wijst drie leden aan en de provincie vier.\n",
    })
    answer = knowledge.answerer.answer("hoe is het algemeen bestuur van Zandvoorde samengesteld, wie mag er hoeveel mensen in zetten?")
    assert answer.answered
    assert "zeven leden" in answer.citations[0].quote
    form = answer_form("hoe is het algemeen bestuur van Zandvoorde samengesteld?", knowledge.retriever.analyzer)
    assert set(knowledge.retriever.analyzer.terms("samengesteld")) <= form.asking_terms
    assert not {"algemeen", "bestuur"} & form.asking_terms


def test_an_item_that_ends_in_a_colon_announces_the_list_under_it(knowledge, tmp_path):
    ingest_texts(knowledge, tmp_path / "docs", {
        "verdrag.md": "# Verdrag over de Grensrivier\n\n## Kosten\n\n"
        "- Elke partij draagt de kosten van haar eigen delegatie in de rivierraad.\n"
        "- De partijen dragen de overige kosten van de rivierraad volgens deze verdeelsleutel:\n"
        "  - Koninkrijk der Nederlanden: 40%\n  - Koninkrijk België: 35%\n  - Franse Republiek: 25%\n",
    })
    answer = knowledge.answerer.answer("welk deel van de overige kosten van de rivierraad betaalt Nederland?")
    assert answer.answered
    assert "40%" in answer.citations[0].quote


def test_who_sits_on_a_board_is_answered_by_what_it_consists_of(knowledge, tmp_path):
    """The question's words (*zitten*) are not the answer's (*bestaat uit*); sentences that name the
    board more often must not win."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "regeling.md":
        "# Regeling Zandvoorde\n\n## Het dagelijks bestuur\n\n"
        "Het dagelijks bestuur vergadert zo vaak als het dagelijks bestuur dat nodig vindt. "
        "De voorzitter van het dagelijks bestuur leidt de vergaderingen van het dagelijks bestuur. "
        "Het dagelijks bestuur bestaat uit de voorzitter en twee wethouders van de deelnemende gemeenten.\n",
    })
    answer = knowledge.answerer.answer("wie zitten er in het dagelijks bestuur van Zandvoorde?")
    assert answer.answered
    assert "Het dagelijks bestuur bestaat uit" in answer.citations[0].quote


def test_when_question_answered_without_repeating_its_verb(knowledge, tmp_path):
    ingest_texts(knowledge, tmp_path / "docs", {
        "vereniging.md":
        "# De vereniging\n\nDe vereniging van gemeenten begon in 1921 met het samen inkopen van kolen.\n",
    })
    answer = knowledge.answerer.answer("sinds wanneer bestaat de vereniging van gemeenten?")
    assert answer.answered
    assert "1921" in answer.text


def test_terminal_answer_groups_sources_and_names_the_contact():
    from bot.render_terminal import render_answer
    from knowledge.models import Answer, Citation

    citations = [Citation("r.pdf", "Rapport", 6, "a", "Rollen"), Citation("r.pdf", "Rapport", 6, "b", "Rollen"),
                 Citation("s.docx", "Spelregels", None, "c")]
    shown = render_answer(Answer("Volgens ...", citations, True), "de griffie")
    assert "  [1, 2] Rapport, p. 6 — Rollen (r.pdf)" in shown and "  [3] Spelregels (s.docx)" in shown
    assert "griffie" not in shown
    unknown = render_answer(Answer("Dat kan ik niet vinden in de documenten.", [], False), "de griffie")
    assert unknown.endswith("Vraag het gerust aan de griffie.")


def test_the_documents_own_name_in_a_question_does_not_pick_the_sentence(knowledge, tmp_path):
    """"… van het Erfgoedcentrum Noorderland?" names the document; the sentence that answers need
    not repeat that name, and one that merely repeats it should not win."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "regeling.md":
        "# Regeling Erfgoedcentrum Noorderland\n\n## Bestuur\n\n"
        "De directeur van het Erfgoedcentrum Noorderland voert de besluiten uit van het algemeen bestuur, het dagelijks "
        "bestuur en de voorzitter, en rapporteert aan het algemeen bestuur van het Erfgoedcentrum Noorderland. "
        "De begroting wordt jaarlijks in het voorjaar opgesteld door de afdeling financiën. "
        "De archieven worden bewaard in het depot aan de haven, dat op werkdagen open is. "
        "Bezoekers kunnen de studiezaal gebruiken na aanmelding bij de balie.\n\n"
        "Het algemeen bestuur kiest een van de burgemeesters tot voorzitter.\n",
    })
    answer = knowledge.answerer.answer("Wie wordt voorzitter van het algemeen bestuur van het Erfgoedcentrum Noorderland?")
    assert answer.answered
    assert "kiest een van de burgemeesters tot voorzitter" in answer.text


def test_a_which_question_is_answered_by_a_sentence_about_its_noun(knowledge, tmp_path):
    """'Met welke meerderheid …' wants a sentence about a majority (or a compound of it); a sentence
    that only shares the other words is no answer. A noun the documents never use asks nothing."""
    from knowledge.question.answer_types import expected_type, focus_words

    assert expected_type("met welke meerderheid besluit het bestuur?") == "which"
    assert focus_words("met welke meerderheid besluit het bestuur?") == ["meerderheid"]
    assert expected_type("welke datum geldt?") == "date" and expected_type("wie is voorzitter?") == "name"
    ingest_texts(knowledge, tmp_path / "docs", {
        "regeling.md": "# Regeling Zandvoorde\n\n## Bestuur\n\n"
        "Het algemeen bestuur van Zandvoorde besluit over de begroting en de jaarrekening van de regeling. "
        "De deelnemers wijzen elk twee leden van het algemeen bestuur aan.\n\n"
        "## Personeel\n\nDe rechtspositieregeling van de centrumgemeente is van overeenkomstige toepassing op het personeel.\n",
        "noordwaard.md": "# Regeling Noordwaard\n\n## Besluiten\n\nHet algemeen bestuur van Noordwaard besluit bij meerderheid van "
        "stemmen; bij staken van stemmen beslist de voorzitter.\n",
    })
    refused = knowledge.answerer.answer("met welke meerderheid besluit het algemeen bestuur van Zandvoorde?")
    # Noordwaard's majority rule is no answer about Zandvoorde, however well it matches the other words
    assert all(c.source != "noordwaard.md" for c in refused.citations)
    compound = knowledge.answerer.answer("welke rechtspositie geldt voor het personeel van Zandvoorde?")
    assert compound.answered and "rechtspositieregeling" in compound.text
    unknown_noun = knowledge.answerer.answer("welke petten heeft het algemeen bestuur van Zandvoorde op?")
    assert unknown_noun.answered  # 'petten' is nowhere in the documents: no noun to insist on


def test_paragraph_starts_and_list_markers():
    from text.sentences import is_bare_marker, is_item, split_paragraph_sentences

    sentences, starts = split_paragraph_sentences(
        "1. Het bestuur bestaat uit vijf leden. 2. De raad wijst twee leden aan. Hij doet dat snel.\n"
        "• Een punt. Nog een zin.\nb) Een letter.")
    assert sentences == ["1.", "Het bestuur bestaat uit vijf leden.", "2.", "De raad wijst twee leden aan.",
                         "Hij doet dat snel.", "• Een punt.", "Nog een zin.", "b) Een letter."]
    assert starts == [True, False, True, False, False, True, False, True]
    assert is_bare_marker("2.") and is_bare_marker("b)") and not is_bare_marker("2. De raad")
    assert is_item("a.Duitse zijde") and is_item("• Een punt.") and not is_item("De 2 leden.")


def test_a_composition_is_about_the_body_named_before_its_verb(analyzer):
    from knowledge.question.forms.answer_forms import answer_form
    from knowledge.question.forms.composition import composition_subject

    form = answer_form("hoe is het algemeen bestuur samengesteld?", analyzer)
    assert form("Het algemeen bestuur bestaat uit zeven leden.")
    assert not form("Het dagelijks bestuur bestaat uit de voorzitter van het algemeen bestuur en twee leden.")
    assert answer_form("uit wie bestaat de schouwcommissie?", analyzer)(
        "Voor het toezicht wordt een commissie van 4 leden (schouwcommissie) gevormd.")  # the name may follow
    assert composition_subject("hebben de gemeenten ieder een eigen zetel in het AB van Zandvoorde?") == "ab"
    assert composition_subject("hoeveel zetels heeft het algemeen bestuur?") == "algemeen bestuur"
    assert composition_subject("Does each municipality have a seat on the board?") == "board"


def test_a_composition_is_quoted_with_who_appoints_the_members(knowledge, tmp_path):
    """"Het AB bestaat uit zeven leden" is answered in full by the items that say who appoints them,
    and the DB sentence that merely mentions the AB is not the answer."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "zandvoorde.txt": "Regeling Erfgoedhuis Zandvoorde\n\nArtikel 3\n\n"
        "1. Het dagelijks bestuur bestaat uit de voorzitter van het algemeen bestuur en twee andere leden van het algemeen bestuur.\n"
        "2. De leden van het dagelijks bestuur worden aangewezen in de eerste vergadering van het algemeen bestuur.\n\n"
        "Artikel 4\n\n1. Het algemeen bestuur bestaat uit zeven leden.\n2. De raad van Zandvoorde wijst drie leden aan.\n"
        "3. De raad van Heuvelrijk wijst twee leden aan.\n4. Het waterschap wijst een lid aan.\n"
        "5. De stichting wijst een lid aan.\n6. Het lidmaatschap eindigt wanneer men ophoudt raadslid te zijn.\n",
    })
    answer = knowledge.answerer.answer("hoe is het algemeen bestuur van Zandvoorde samengesteld?")
    assert answer.answered
    first = answer.citations[0].quote
    assert first.startswith("1. Het algemeen bestuur bestaat uit zeven leden")  # the member keeps its number
    assert "Heuvelrijk wijst twee" in first and "stichting wijst een lid" in first  # the members of its article


def test_a_place_the_question_names_must_be_named_by_the_answering_document(knowledge, tmp_path):
    """A document that never mentions Heuvelrijk does not answer how projects are financed there,
    however well it matches the other words; a document that does mention it may."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "zandvoorde.md": "# Verslag\n\nIn Zandvoorde worden projecten gefinancierd uit een gezamenlijk "
        "fonds waaraan elke gemeente naar inwonertal bijdraagt.\n",
        "heuvelrijk.md": "# Notitie\n\nIn Heuvelrijk overleggen de burgemeesters maandelijks over de "
        "woningbouw en de bereikbaarheid van het gebied.\n",
        "ligging.md": "# Ligging\n\nHeuvelrijk ligt aan de rivier. De raad van Heuvelrijk vergadert op dinsdag.\n",
    })
    assert not knowledge.answerer.answer("Hoe worden projecten in Heuvelrijk gefinancierd?").answered
    answer = knowledge.answerer.answer("Hoe worden projecten in Zandvoorde gefinancierd?")
    assert answer.answered and answer.citations[0].source.endswith("zandvoorde.md")
    assert knowledge.retriever.lexical.mentions("heuvelrijk.md", ["heuvelrijk"])
    assert not knowledge.retriever.lexical.mentions("heuvelrijk.md", ["zandvoorde"])


def test_who_takes_part_questions_and_the_definitions_that_list_the_participants():
    from knowledge.question.forms.participants import names_participants, participants_question

    nouns, asking = participants_question("welke gemeenten doen mee aan het Erfgoedhuis?")
    assert nouns[0] == "gemeenten" and "deelnemers" in nouns and asking == "doen mee"
    assert participants_question("Who are the parties to the treaty?") is not None
    assert participants_question("welke taken heeft het dagelijks bestuur?") is None
    assert names_participants("c. de gemeenten: de gemeenten Aadorp, Beekdal, Crommenie en Dalfsen;", nouns)
    assert names_participants("f. de deelnemers: de minister, de provincie, de gemeenten en het waterschap;", nouns)
    assert not names_participants("dan gemeenten: wij zien 3 manieren van samenwerking in de regio.", nouns)


def test_which_municipalities_take_part_is_answered_by_the_list_in_the_definitions(knowledge, tmp_path):
    ingest_texts(knowledge, tmp_path / "docs", {
        "erfgoedhuis.txt": "Regeling Erfgoedhuis Zandvoorde\n\nArtikel 1\n\nIn deze regeling wordt verstaan onder:\n"
        + "".join(f"{letter}. {word}: {word} zoals bedoeld in de wet die daarover in het bijzonder regels stelt, in de "
                  f"laatste versie die door de deelnemers gezamenlijk is vastgesteld;\n\n"
                  for letter, word in zip("abcdef", ["archief", "collectie", "depot", "museum", "bibliotheek", "beheer"]))
        + "g. de gemeenten: de gemeenten Aadorp, Beekdal, Crommenie en Dalfsen;\n\nArtikel 2\n\n"
        "1. De raden van de gemeenten stellen jaarlijks de bijdragen van de gemeenten vast.\n"
        "2. De gemeenten delen de kosten van het erfgoedhuis naar inwonertal.\n"
        "3. Gemeenten die mee doen aan het overleg over het erfgoedhuis doen ook mee aan de gemeentelijke werkgroep.\n",
    })
    answer = knowledge.answerer.answer("welke gemeenten doen mee aan het Erfgoedhuis Zandvoorde?")
    assert answer.answered
    assert "Aadorp, Beekdal, Crommenie en Dalfsen" in answer.citations[0].quote


def test_english_names_of_countries_and_languages_become_dutch_from_cldr():
    from knowledge.question.glossary import expand_english, translate_terms

    groups = dict(english_term_groups("Can Germany and France join the treaty, and is French a working language?"))
    assert groups["Duitsland Germany"] is True and groups["Frankrijk France"] is True
    assert groups["Frans French"] is True
    assert "Duitsland" in expand_english("Does Germany pay?") and "België" in translate_terms("Does Belgium pay?")
    assert "Nederlands" not in expand_english("Does the board speak dutch?")  # lower case: no name


def test_joining_and_leaving_questions_and_the_sentences_that_answer_them():
    from knowledge.question.forms.membership import membership_question, states_act

    asking, leaving, words = membership_question("kan de provincie eruit stappen bij Zandvoorde?")
    assert asking == "eruit stappen" and "uittreding" in words
    assert membership_question("hoe stap je als gemeente uit de regeling?")[0] == "stap uit"  # not the words between
    assert membership_question("Kan een gemeente uit de regeling stappen?") is not None
    assert membership_question("Can a party withdraw from the treaty?") is not None
    _, joining, words = membership_question("kan een andere organisatie nog aansluiten?")
    assert "toetreding" in words and states_act("Toetreding tot de regeling kan na een gelijkluidend besluit.", joining)
    assert not states_act("Meer en betere aansluiting op werk.", joining)  # the noun of another meaning
    assert states_act("Elke Partij kan dit Verdrag opzeggen door een kennisgeving.", leaving)
    assert membership_question("wie zit het dagelijks bestuur voor?") is None


def test_can_we_leave_is_answered_by_the_rule_on_uittreding(knowledge, tmp_path):
    """"Eruit stappen" is never in the rules; *uittreding* is, in a passage that shares little else
    with the question, and the answer stays with that regulation."""
    filler = "".join(f"{n}. Het algemeen bestuur van de regeling Zandvoorde stelt regels over onderwerp {n} van de regeling.\n\n"
                     for n in range(1, 9))
    ingest_texts(knowledge, tmp_path / "docs", {
        "zandvoorde.txt": "Regeling Zandvoorde\n\nArtikel 2\n\n" + filler + "Artikel 30\n\n"
        "1. Uittreding geschiedt door toezending van een besluit aan het dagelijks bestuur.\n\n"
        "2. De uittreding gaat in op de eerste dag van het jaar na dat besluit.\n",
        "heuvelrijk.txt": "Regeling Heuvelrijk\n\nArtikel 9\n\n1. Uittreding uit de regeling Heuvelrijk is niet mogelijk.\n",
    })
    answer = knowledge.answerer.answer("kan een gemeente eruit stappen bij de regeling Zandvoorde?")
    assert answer.answered
    assert "Uittreding geschiedt door toezending" in answer.citations[0].quote
    assert {c.source for c in answer.citations} == {"zandvoorde.txt"}


def test_english_what_with_a_noun_is_a_which_question():
    from knowledge.question.answer_types import expected_type, focus_words

    assert expected_type("What majority is needed to dissolve the board?") == "which"
    assert focus_words("What majority is needed to dissolve the board?") == ["majority"]
    assert expected_type("What is the role of the board?") is None
    assert expected_type("What share do the members pay?") == "number"


def test_an_english_question_names_a_regulation_by_its_dutch_name(knowledge, tmp_path):
    """"The Meuse treaty" is the *Maasverdrag*: its own rule on withdrawal answers, not another treaty's."""
    from knowledge.question.glossary import dutch_name

    assert dutch_name("Meuse") == "maas" and dutch_name("Board") == "Board"  # a name's word stays itself
    ingest_texts(knowledge, tmp_path / "docs", {
        "maas.md": "# Maasverdrag\n\n## Opzegging\n\nNa drie jaar kan het Verdrag door elk der Partijen worden opgezegd "
        "door een schriftelijke verklaring aan de depositaris.\n",
        "benelux.md": "# Benelux-Verdrag\n\n## Opzegging\n\nElke Partij kan dit Verdrag te allen tijde opzeggen door een "
        "kennisgeving aan de depositaris, die de andere Partijen en de partij die wil opzeggen daarvan op de hoogte stelt.\n",
    })
    answer = knowledge.answerer.answer("Can a party withdraw from the Meuse treaty?")
    assert answer.answered and {c.source for c in answer.citations} == {"maas.md"}


def test_how_many_asks_for_its_noun_and_een_with_accents_is_a_number():
    from knowledge.question.answer_types import expected_type

    assert focus_words("How many staff does the secretariat employ?") == ["staff"]
    assert expected_type("How many votes does each delegation have?") == "number"
    assert can_answer("number", "Elke delegatie beschikt over één stem.", "How many votes does each delegation have?")
    assert not can_answer("number", "Elke delegatie heeft een eigen stem.", "How many votes does each delegation have?")


def test_an_english_count_of_something_the_documents_never_count_has_no_count(knowledge, tmp_path):
    """"How many staff" asks for a count of *personeel*: a sentence with a year in it holds no count."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "verdrag.md": "# Verdrag Zandvoorde\n\n## Secretariaat\n\nDe Commissie beschikt over een secretariaat in Luik. "
        "De Commissie beslist over de aanwerving van het personeel van het secretariaat.\n\n## Begrippen\n\n"
        "De Commissie vergadert in Luik. De werktalen zijn Nederlands en Frans. "
        "Het secretariaat van de Commissie is opgericht bij het verdrag van 1994.\n",
    })
    question = knowledge.retriever.read("How many staff does the secretariat of the Commission employ?")
    choice = knowledge.answerer.choose(question, knowledge.retriever.retrieve(question, 5))
    assert choice.signals["typed"] == 1 and choice.signals["type_in_window"] == 0 and choice.signals["anchored"] == 0


def test_words_that_only_look_like_joining_or_leaving_ask_neither():
    from knowledge.question.forms.membership import membership_question

    assert membership_question("Can municipalities set up a joint consultative body?") is None  # joint, not join
    assert membership_question("wat zeggen de gemeenten op de vergadering over de begroting?") is None
    assert membership_question("hoe zeg je de regeling op?") is not None
    assert membership_question("welke stappen volgen uit het besluit?") is None  # stappen, the noun
    assert membership_question("welke stappen moet een gemeente zetten in het proces?") is None


def test_a_list_of_names_answers_who_takes_part_but_the_recitals_do_not():
    from knowledge.question.forms.participants import names_participants

    nouns = ("gemeenten",)
    assert names_participants("Aadorp, Beekdal, Crommenie, Dalfsen en Eext.", nouns)
    assert not names_participants("De raden van de gemeenten Aadorp, Beekdal, Crommenie en Dalfsen, het bestuur van de "
                                  "stichting Zandvoorde en het waterschap Zuiderzand, Gelet op de Wet gemeenschappelijke "
                                  "regelingen;", nouns)


def test_when_the_titled_document_has_no_answer_the_others_about_the_name_are_asked(knowledge, tmp_path):
    """The report titled "Zandvoorde" does not say which municipalities belong to it; a magazine that
    speaks of Zandvoorde does, and answers; a document that never mentions Zandvoorde does not."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "rapport.md": "# Evaluatie samenwerking Zandvoorde\n\nDe samenwerking verloopt stroef. Er is weinig "
        "transparantie over besluitvorming en het draagvlak in de raden is beperkt.\n",
        "magazine.md": "# Magazine nummer 3\n\nAadorp, Beekdal, Crommenie, Dalfsen en Eext. Sinds 2006 werken deze "
        "gemeenten samen in Zandvoorde.\n",
        "elders.md": "# Heuvelrijk\n\nFikkersdries, Gieten, Hooghalen en Ieken horen bij Heuvelrijk.\n",
    })
    answer = knowledge.answerer.answer("welke gemeenten horen bij Zandvoorde?")
    assert answer.answered and answer.citations[0].source == "magazine.md"
    assert "Aadorp, Beekdal" in answer.citations[0].quote


def test_how_often_wants_a_frequency():
    from knowledge.question.answer_types import expected_type

    assert expected_type("hoe vaak komt de regiekamer bij elkaar?") == "frequency"
    assert expected_type("How often does the committee meet?") == "frequency"
    assert can_answer("frequency", "De Commissie vergadert eenmaal per jaar.")
    assert can_answer("frequency", "De regiekamer komt zes keer per jaar bijeen.")
    assert can_answer("frequency", "Het algemeen bestuur vergadert jaarlijks tenminste tweemaal.")
    assert not can_answer("frequency", "De regiekamer voert het gesprek over de samenwerking.")


def test_a_sibling_body_is_not_the_body_asked_about_whatever_the_heading_says(analyzer):
    from knowledge.question.forms.answer_forms import answer_form

    form = answer_form("wie zitten er in de bestuurlijke regiekamer?", analyzer)
    heading = "Advies bestuurlijke samenwerking › Richt een bestuurlijke en ambtelijke regiekamer in"
    assert not form("De ambtelijke regiekamer is samengesteld uit de gemeentesecretarissen.", heading)
    assert form("De bestuurlijke regiekamer bestaat uit de zeven burgemeesters.", heading)
    general = answer_form("hoe is het algemeen bestuur samengesteld?", analyzer)
    assert general("Het bestuur bestaat uit zeven leden.", "Regeling Zandvoorde › Het algemeen bestuur")
    assert not general("Het dagelijks bestuur bestaat uit drie leden.", "Regeling Zandvoorde › Het algemeen bestuur")


def test_a_count_is_answered_by_a_number_right_before_what_is_counted(knowledge, tmp_path):
    from knowledge.question.forms.counts import counted_noun, counts

    assert counted_noun("hoeveel leden heeft het bestuur?") == "leden"
    assert counted_noun("How many members does the board have?") == "leden"
    assert counts("We zien een bestuur met zes leden inclusief voorzitter.", "leden")
    assert counts("de samenwerking van twaalf Drentse gemeenten", "gemeenten")
    assert not counts("Vier keer per jaar overleggen de bestuursleden met de raad.", "leden")
    ingest_texts(knowledge, tmp_path / "docs", {
        "advies.md": "# Advies Zandvoorde\n\n## Overleg\n\nVolgens het advies overleggen de leden van het bestuur vier "
        "keer per jaar met de leden van de raad over het advies.\n\n## Samenstelling\n\nWe zien er een met zes leden "
        "inclusief voorzitter, gekozen uit de wethouders van de gemeenten.\n",
    })
    answer = knowledge.answerer.answer("hoeveel leden heeft het bestuur volgens het advies?")
    assert answer.answered and answer.citations[0].quote.startswith("We zien er een met zes leden")


def test_the_documents_about_a_name_come_first_and_the_others_only_as_fallback(knowledge, tmp_path):
    """`make calibrate` learns the answer model from the first level's choice (fallback off): what it
    decides on must not depend on the answer model being learned."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "zandvoorde.md": "# Regeling Zandvoorde\n\nDe vergaderingen van het algemeen bestuur zijn openbaar.\n",
        "overzicht.md": "# Overzicht van de regio\n\nHet algemeen bestuur van Zandvoorde besluit met gewone "
        "meerderheid van stemmen.\n",
    })
    question = knowledge.retriever.read("met welke meerderheid besluit het algemeen bestuur van Zandvoorde?")
    passages = knowledge.retriever.retrieve(question, 5)
    fallen_back = knowledge.answerer.choose(question, passages)
    assert fallen_back.answers and fallen_back.windows[0][0].passage.source.endswith("overzicht.md")
    first = knowledge.answerer.choose(question, passages, fallback=False)
    assert not first.answers and first.windows[0][0].passage.source.endswith("zandvoorde.md")


def test_a_quote_about_the_subject_but_not_about_what_is_asked_of_it_misses_the_focus(knowledge, tmp_path):
    """"Hoeveel medewerkers …": a passage full of numbers about the secretariat says nothing about its
    staff (a word the documents do use elsewhere); "hoeveel leden …" is answered by the sentence that
    counts the members."""
    ingest_texts(knowledge, tmp_path / "docs", {
        "regeling.md": "# Regeling Zandvoorde\n\n## Secretariaat\n\n"
        "Het secretariaat van de commissie is gevestigd in Zandvoorde en werd in 1994 opgericht. "
        "De commissie vergadert ten minste vier keer per jaar op het secretariaat.\n\n"
        "## Samenstelling\n\nDe commissie bestaat uit zeven leden, die door het algemeen bestuur worden benoemd.\n\n"
        "## Openbaarheid\n\nDe vergaderingen zijn openbaar; ook medewerkers van de deelnemers mogen ze bijwonen.\n",
    })
    trap = knowledge.retriever.read("hoeveel medewerkers werken er bij het secretariaat van de commissie?")
    choice = knowledge.answerer.choose(trap, knowledge.retriever.retrieve(trap, 5))
    assert trap.focus_terms and choice.signals["focus_missing"] == 1
    real = knowledge.retriever.read("hoeveel leden telt de commissie?")
    choice = knowledge.answerer.choose(real, knowledge.retriever.retrieve(real, 5))
    assert "zeven leden" in choice.windows[0][0].quote and choice.signals["focus_missing"] == 0
