"""What the bot says in chat, in Dutch and English, in plain words (emoji as characters, no markup):
shared by the Slack, Teams and terminal renderers, each of which adds its own formatting."""

from __future__ import annotations

_TEXTS: dict[str, dict[str, str]] = {
    "working": {"nl": "Even zoeken… 🔍", "en": "Looking it up… 🔍"},
    "registry_unknown": {
        "nl": "“{name}” staat niet in het register als project of organisatie. Bedoel je: {close}?",
        "en": "“{name}” is not in the register as a project or organisation. Did you mean: {close}?",
    },
    "registry_none_close": {"nl": "(geen naam die erop lijkt)", "en": "(no similar name)"},
    "registry_missing": {
        "nl": "Het register van deelname is hier niet ingericht. Vraag een beheerder om het te vullen (samenspel registry import).",
        "en": "The participation register is not set up here. Ask an administrator to fill it (samenspel registry import).",
    },
    "ask_instead": {"nl": "Vraag het gerust aan {contact}.", "en": "Feel free to ask {contact}."},
    "sources": {"nl": "Bronnen", "en": "Sources"},
    "maybe_helpful": {"nl": "Misschien helpt dit", "en": "This might help"},
    "helpful": {"nl": "Nuttig", "en": "Helpful"},
    "not_helpful": {"nl": "Niet nuttig", "en": "Not helpful"},
    "share": {"nl": "Deel in kanaal", "en": "Share in channel"},
    "thanks_up": {"nl": "Dank je! Fijn dat het hielp. 👍", "en": "Thanks! Glad it helped. 👍"},
    "thanks_down": {
        "nl": "Dank je, dit helpt ons het beter te maken. De beheerders zien welke antwoorden niet hielpen.",
        "en": "Thanks, this helps us improve. The administrators see which answers did not help.",
    },
    "vote_gone": {"nl": "Dat antwoord kan ik niet meer vinden.", "en": "I can no longer find that answer."},
    "audience_next": {"nl": "De bestanden die je de komende {minutes} minuten stuurt, zijn voor: {groups}.",
                      "en": "The files you send in the next {minutes} minutes are meant for: {groups}."},
    "audience_document": {"nl": "{name} is nu voor: {groups}.", "en": "{name} is now meant for: {groups}."},
    "audience_refused": {"nl": "Dat lukt niet: {reason}", "en": "That did not work: {reason}"},
    "share_not_here": {"nl": "Dit antwoord deel ik hier niet: het citeert een document dat niet voor iedereen in dit kanaal bedoeld is.",
                       "en": "I won't share this answer here: it quotes a document not meant for everyone in this channel."},
    "empty": {
        "nl": "Stel je vraag gerust, bijvoorbeeld: “Wat doet de regiekamer?”",
        "en": "Go ahead and ask, for example: “What does the regiekamer do?”",
    },
    "no_documents": {
        "nl": "Er zijn nog geen documenten ingelezen, dus ik kan nog niets opzoeken. Een beheerder kan ze inlezen "
        "(in de chat met “ingest”, of op de server met samenspel ingest).",
        "en": "No documents have been read in yet, so there is nothing I can look up. An administrator can add them "
        "(“ingest” in chat, or samenspel ingest on the server).",
    },
    "limited": {
        "nl": "Je stelt veel vragen achter elkaar. Probeer het over een minuutje opnieuw. ⏳",
        "en": "You are asking a lot of questions in a row. Please try again in a minute. ⏳",
    },
    "error": {
        "nl": "Sorry, er ging iets mis bij het zoeken naar een antwoord. Probeer het later nog eens; "
        "de beheerders kunnen in het logboek zien wat er gebeurde.",
        "en": "Sorry, something went wrong while looking for an answer. Please try again later; "
        "the administrators can see what happened in the log.",
    },
    "not_admin": {
        "nl": "Alleen beheerders kunnen documenten toevoegen of opnieuw inlezen. Er is niets veranderd.",
        "en": "Only administrators can add or re-ingest documents. Nothing was changed.",
    },
    "ingest_busy": {
        "nl": "Er loopt al een inleesronde. Probeer het straks opnieuw.",
        "en": "An ingest is already running. Please try again shortly.",
    },
    "nothing_to_ingest": {
        "nl": "Er zijn geen documentmappen ingesteld (SAMENSPEL_DOCUMENT_DIRS) en er zijn nog geen bestanden gestuurd.",
        "en": "No document folders are configured (SAMENSPEL_DOCUMENT_DIRS) and no files were sent yet.",
    },
    "ingest_started": {"nl": "Documenten inlezen…", "en": "Ingesting documents…"},
    "ingest_progress": {"nl": "Inlezen: {done} van {total} bestanden…", "en": "Ingesting: {done} of {total} files…"},
    "ingest_done": {"nl": "Klaar met inlezen.", "en": "Ingest finished."},
    "ingest_failed": {
        "nl": "Het inlezen is afgebroken door een fout. De kennisbank is niet beschadigd; de beheerders zien de details in het logboek.",
        "en": "The ingest stopped on an error. The knowledge base is intact; the administrators can see the details in the log.",
    },
    "file_unsupported": {
        "nl": "{name}: dit bestandstype kan ik niet lezen (wel: PDF, DOCX, HTML, Markdown en tekst).",
        "en": "{name}: I cannot read this type of file (I can: PDF, DOCX, HTML, Markdown and text).",
    },
    "file_too_large": {
        "nl": "{name}: het bestand is groter dan {limit} MB en is niet ingelezen.",
        "en": "{name}: the file is larger than {limit} MB and was not ingested.",
    },
    "file_download_failed": {
        "nl": "{name}: het bestand kon niet worden opgehaald ({reason}).",
        "en": "{name}: the file could not be downloaded ({reason}).",
    },
    "round_gone": {"nl": "Deze reflectieronde bestaat niet (meer).", "en": "This reflection round no longer exists."},
    "survey_saved_all": {
        "nl": "Dank je wel! Al je antwoorden zijn opgeslagen ({done} van {total}).",
        "en": "Thank you! All your answers are saved ({done} of {total}).",
    },
    "survey_saved_some": {
        "nl": "Opgeslagen: {done} van {total} stellingen beantwoord.",
        "en": "Saved: {done} of {total} statements answered.",
    },
}


def text(key: str, language: str = "nl", **values: object) -> str:
    entry = _TEXTS[key]
    return entry.get(language, entry["nl"]).format(**values)
