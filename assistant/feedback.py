"""What was asked and answered in chat, and the 👍/👎 votes on it: so that administrators can see
which questions the documents do not answer well yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import case, func, select

from infra.database import Database, as_utc
from infra.tables import AnswerRow, VoteRow
from knowledge.models import Answer, Citation


@dataclass(frozen=True)
class FeedbackItem:
    answer_id: int
    asked_at: datetime
    channel: str
    question: str
    answer: str
    answered: bool
    sources: list[str]
    up: int
    down: int
    comments: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # titles of the documents the answer cited
    method: str = "extractive"  # extractive | llm | registry

    def as_json(self) -> dict:
        return {**self.__dict__, "asked_at": self.asked_at.isoformat()}


class FeedbackStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record_answer(self, *, channel: str, conversation: str | None, user: str, question: str, answer: Answer,
                      audiences: list[list[str]] | None = None) -> int:
        row = AnswerRow(
            created_at=_now(),
            channel=channel,
            conversation=conversation,
            user_pseudonym=user,
            question=question,
            answer=answer.text,
            answered=answer.answered,
            language=answer.language,
            method=answer.method,
            citations=answer.as_json()["citations"],
            audiences=audiences or None,
        )
        with self._db.session() as session:
            session.add(row)
            session.flush()
            return row.id

    def earlier_questions(self, conversation: str, limit: int = 2, within: timedelta | None = None) -> list[str]:
        """The last questions of a conversation (a thread), oldest first; only those of the last
        `within` when given (a chat without threads: an old question is no context for a new one)."""
        with self._db.session() as session:
            query = select(AnswerRow.question).where(AnswerRow.conversation == conversation)
            if within is not None:
                query = query.where(AnswerRow.created_at >= _now() - within)
            rows = session.scalars(query.order_by(AnswerRow.created_at.desc(), AnswerRow.id.desc()).limit(limit)).all()
        return list(reversed(rows))

    def answer(self, answer_id: int) -> tuple[str, Answer] | None:
        """The question and the answer given to it, as stored."""
        with self._db.session() as session:
            row = session.get(AnswerRow, answer_id)
            if row is None:
                return None
            citations = [
                Citation(c["source"], c["title"], c.get("page"), c.get("quote", ""), c.get("section", ""))
                for c in row.citations
            ]
            return row.question, Answer(row.answer, citations, row.answered, row.language, method=row.method)

    def audiences(self, answer_id: int) -> list[list[str]]:
        """Per quoted document meant for some groups only, those groups ([] when all are for everyone)."""
        with self._db.session() as session:
            row = session.get(AnswerRow, answer_id)
            return [list(a) for a in (row.audiences or [])] if row is not None else []

    def vote(self, answer_id: int, user: str, vote: int) -> bool:
        """Record (or change) one person's vote on one answer; False when the answer is unknown."""
        if vote not in (1, -1):
            raise ValueError("vote must be 1 or -1")
        with self._db.session() as session:
            if session.get(AnswerRow, answer_id) is None:
                return False
            existing = session.scalar(
                select(VoteRow).where(VoteRow.answer_id == answer_id, VoteRow.user_pseudonym == user)
            )
            if existing is None:
                session.add(VoteRow(answer_id=answer_id, user_pseudonym=user, vote=vote, created_at=_now()))
            else:
                existing.vote, existing.created_at = vote, _now()
        return True

    def comment(self, answer_id: int, user: str, comment: str) -> bool:
        """Add what was missing to this person's vote on the answer; False when there is no vote."""
        with self._db.session() as session:
            vote = session.scalar(select(VoteRow).where(VoteRow.answer_id == answer_id, VoteRow.user_pseudonym == user))
            if vote is None:
                return False
            vote.comment = comment.strip()[:2000] or None
            return True

    def items(self, *, down_only: bool = False, unanswered_only: bool = False, days: int | None = None,
              between: tuple[datetime, datetime] | None = None, readable_by: frozenset[str] | None = None) -> list[FeedbackItem]:
        """Answers with their vote counts, newest first; filtered to 👎 or to 'could not answer', to
        the last `days` or to a period [start, end), and to what readers in the groups `readable_by`
        may read (None: everything)."""
        with self._db.session() as session:
            votes = (
                select(
                    VoteRow.answer_id,
                    func.sum(_case(VoteRow.vote == 1)).label("up"),
                    func.sum(_case(VoteRow.vote == -1)).label("down"),
                )
                .group_by(VoteRow.answer_id)
                .subquery()
            )
            query = select(AnswerRow, votes.c.up, votes.c.down).outerjoin(votes, votes.c.answer_id == AnswerRow.id)
            if days is not None:
                query = query.where(AnswerRow.created_at >= _now() - timedelta(days=days))
            if between is not None:
                query = query.where(AnswerRow.created_at >= between[0], AnswerRow.created_at < between[1])
            if down_only:
                query = query.where(votes.c.down > 0)
            if unanswered_only:
                query = query.where(AnswerRow.answered.is_(False))
            rows = session.execute(query.order_by(AnswerRow.created_at.desc(), AnswerRow.id.desc())).all()
            comments: dict[int, list[str]] = {}
            for answer_id, comment in session.execute(
                select(VoteRow.answer_id, VoteRow.comment).where(VoteRow.comment.is_not(None)).order_by(VoteRow.id)
            ):
                comments.setdefault(answer_id, []).append(comment)
        return [
            FeedbackItem(
                answer_id=row.id,
                asked_at=as_utc(row.created_at),
                channel=row.channel,
                question=row.question,
                answer=row.answer,
                answered=row.answered,
                sources=_labels(row.citations),
                up=int(up or 0),
                down=int(down or 0),
                comments=comments.get(row.id, []),
                documents=list(dict.fromkeys(c["title"] for c in row.citations)),
                method=row.method,
            )
            for row, up, down in rows
            if readable_by is None or all(readable_by.intersection(a) for a in row.audiences or [])
        ]


def _case(condition):
    return case((condition, 1), else_=0)


def _labels(citations: list[dict]) -> list[str]:
    labels: list[str] = []
    for c in citations:
        label = f"{c['title']}, p. {c['page']}" if c.get("page") else c["title"]
        if label not in labels:
            labels.append(label)
    return labels


def _now() -> datetime:
    return datetime.now(timezone.utc)
