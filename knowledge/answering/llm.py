"""The LLM answerer: a LangChain chat model that answers only from the retrieved passages,
cites them by number and refuses when they do not carry an answer. Any failure of the model
(an error, a time-out, an answer without citations) falls back to the extractive answer."""

from __future__ import annotations

import logging
import re

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from knowledge.answering.extractive import ExtractiveAnswerer
from knowledge.models import Answer, Citation, Passage
from knowledge.retrieval.retriever import HybridRetriever
from knowledge.answering.texts import not_found

log = logging.getLogger(__name__)

REFUSAL = "NIET_GEVONDEN"
_CITE = re.compile(r"\[(\d{1,2})\]")

SYSTEM_PROMPT = f"""Je bent Samenspel, de assistent van een regionale samenwerking van gemeenten.
Beantwoord de vraag uitsluitend met wat in de genummerde passages staat.
- Verwijs achter elke bewering naar de passage(s) waarop die rust, als [1] of [2][3].
- Antwoord in de taal van de vraag (Nederlands of Engels), kort en zakelijk.
- Staat het antwoord niet in de passages, antwoord dan alleen: {REFUSAL}
- Verzin niets en gebruik geen kennis van buiten de passages."""


def format_passages(passages: list[Passage]) -> str:
    parts = []
    for number, p in enumerate(passages, start=1):
        where = f"{p.title}" + (f", p. {p.page}" if p.page else "") + (f", {p.section}" if p.section else "")
        parts.append(f"[{number}] ({where})\n{p.text}")
    return "\n\n".join(parts)


class LLMAnswerer:
    def __init__(self, retriever: HybridRetriever, chat_model: BaseChatModel, fallback: ExtractiveAnswerer, *, k: int = 5) -> None:
        self._retriever = retriever
        self._model = chat_model
        self._fallback = fallback
        self._k = k

    def answer(self, question: str, context: list[str] | None = None, language: str | None = None,
               readable_by: frozenset[str] | None = None) -> Answer:
        read = self._retriever.read(question, context or (), language, readable_by)
        language = read.language
        passages = self._retriever.retrieve(read, self._k)
        if not passages:
            return Answer(not_found(language), [], answered=False, language=language)
        try:
            reply = self._ask_model(question, passages, context or [])
        except Exception as exc:  # the model's service is down, slow or broken: answer without it
            log.warning("LLM failed (%s: %s); falling back to the extractive answer", type(exc).__name__, exc)
            return self._fallback.answer_from(read, passages)
        return self._parse(reply, read, passages, language)

    def _ask_model(self, question: str, passages: list[Passage], context: list[str]) -> str:
        earlier = ("Eerdere vragen in dit gesprek: " + " | ".join(context[-2:]) + "\n\n") if context else ""
        messages = [
            SystemMessage(SYSTEM_PROMPT),
            HumanMessage(f"{earlier}Passages:\n\n{format_passages(passages)}\n\nVraag: {question}"),
        ]
        result = self._model.invoke(messages)
        return result.content if isinstance(result.content, str) else str(result.content)

    def _parse(self, reply: str, question, passages: list[Passage], language: str) -> Answer:
        text = reply.strip()
        if not text or REFUSAL in text:
            return Answer(not_found(language), [], answered=False, language=language, passages=passages, method="llm")
        numbers = sorted({int(n) for n in _CITE.findall(text) if 1 <= int(n) <= len(passages)})
        if not numbers:
            log.info("LLM answer without citations; using the extractive answer instead")
            return self._fallback.answer_from(question, passages)
        citations = [
            Citation(passages[n - 1].source, passages[n - 1].title, passages[n - 1].page, _first_words(passages[n - 1].text), passages[n - 1].section)
            for n in numbers
        ]
        renumber = {n: i for i, n in enumerate(numbers, start=1)}
        text = _CITE.sub(lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", text)
        return Answer(text, citations, answered=True, language=language, passages=passages, method="llm")


def _first_words(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def build_chat_model(settings) -> BaseChatModel:
    """The configured chat model; no retries, so a dead service costs one time-out, not three."""
    provider = settings.llm_provider
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.llm_model,
            api_key=settings.llm_api_key or "not-set",
            base_url=settings.llm_base_url,
            timeout=settings.llm_timeout_seconds,
            max_retries=0,
            temperature=0,
        )
    if provider == "azure":
        from langchain_openai import AzureChatOpenAI

        return AzureChatOpenAI(
            azure_deployment=settings.llm_model,
            azure_endpoint=settings.azure_openai_endpoint or settings.llm_base_url,
            api_key=settings.llm_api_key,
            api_version=settings.azure_openai_api_version,
            timeout=settings.llm_timeout_seconds,
            max_retries=0,
            temperature=0,
        )
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.llm_model,
            base_url=settings.llm_base_url or "http://127.0.0.1:11434",
            temperature=0,
            client_kwargs={"timeout": settings.llm_timeout_seconds},
        )
    raise ValueError(f"LLM_PROVIDER '{provider}' is onbekend (kies none, openai, azure of ollama)")
