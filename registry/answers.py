"""Registry answers in words: the list, the variant, since when and where it was recorded, in the
question's language. Exact or nothing: an unknown name is said to be unknown, with close names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from infra.local_time import local
from registry.amounts import readable_amount
from registry.dates import spoken
from registry.questions import RegistryQuestion, registry_question, unknown_project_question
from registry.records import Participation, Project, Role, close_names
from registry.service import Registry
from registry.variants import BY_KEY, VARIANTS

REGISTER = {"nl": "Register van deelname en rollen (kleur bekennen)", "en": "Register of participation and roles"}
_VIA = {
    "nl": {"slack": "via Slack", "teams": "via Teams", "cli": "door een beheerder", "import": "bij een import", "ronde": "in een ronde"},
    "en": {"slack": "via Slack", "teams": "via Teams", "cli": "by an administrator", "import": "in an import", "ronde": "in a round"},
}
_WORDS = {
    "nl": {
        "volledig": "{org} doet volledig mee aan {project}",
        "solidair": "{org} doet niet zelf mee aan {project}, maar betaalt wel mee (solidariteit)",
        "instap": "{org} doet nu niet mee aan {project}, maar kan later instappen (instapmodel)",
        "geen": "{org} doet niet mee aan {project} (geen deelname)",
        "undeclared": "{org} heeft voor {project} nog geen keuze vastgelegd in het register.",
        "since": "sinds {date}", "recorded": "vastgelegd op {date} {via}", "contribution": "bijdrage: {value}",
        "project_head": "Deelname aan {project} volgens het register", "organisation_head": "Deelname van {org} volgens het register",
        "theme": "thema {value}", "lead": "trekker: {value}", "no_choice": "Nog geen keuze", "nobody": "niemand",
        "none_in_variant": "Volgens het register: {variant} bij {project}: {list}.",
        "no_projects": "{org} staat in het register nog bij geen enkel project.",
        "decision": "Vastgesteld in: {value}", "roles_head": "Volgens het register",
        "no_role": "Het register noemt geen {role} van {body}.", "no_roles": "Het register noemt nog geen rollen bij {body}.",
        "project_lead": "Trekker van {project}: {org}.", "person_roles": "Rollen van {person}",
        "unknown_project": "Project '{name}' staat niet in het register.", "unknown_organisation": "Organisatie '{name}' staat niet in het register.",
        "close": " Bedoel je: {names}?", "known": " Bekende projecten: {names}.", "on": "Op {date}, volgens het register:",
    },
    "en": {
        "volledig": "{org} takes full part in {project}",
        "solidair": "{org} does not take part in {project} itself, but pays along (solidarity)",
        "instap": "{org} does not take part in {project} now, but may join later (entry model)",
        "geen": "{org} does not take part in {project} (no participation)",
        "undeclared": "{org} has not recorded a choice for {project} in the register yet.",
        "since": "since {date}", "recorded": "recorded on {date} {via}", "contribution": "contribution: {value}",
        "project_head": "Participation in {project} according to the register", "organisation_head": "Participation of {org} according to the register",
        "theme": "theme {value}", "lead": "lead: {value}", "no_choice": "No choice yet", "nobody": "nobody",
        "none_in_variant": "According to the register: {variant} in {project}: {list}.",
        "no_projects": "{org} is not listed in any project in the register yet.",
        "decision": "Decided in: {value}", "roles_head": "According to the register",
        "no_role": "The register lists no {role} of {body}.", "no_roles": "The register lists no roles in {body} yet.",
        "project_lead": "Lead of {project}: {org}.", "person_roles": "Roles of {person}",
        "unknown_project": "Project '{name}' is not in the register.", "unknown_organisation": "Organisation '{name}' is not in the register.",
        "close": " Did you mean: {names}?", "known": " Known projects: {names}.", "on": "On {date}, according to the register:",
    },
}
_ROLE_EN = {"voorzitter": "chair", "trekker": "lead", "secretaris": "secretary", "portefeuillehouder": "portfolio holder", "lid": "member"}


@dataclass
class RegistryAnswer:
    """What the registry says, with the decisions it rests on; `variant` is set when the answer
    is about one variant, so the documents' rule for it can be cited beside it."""

    text: str
    answered: bool
    language: str
    decisions: list[tuple[str, int | None]] = field(default_factory=list)  # (document or link, page)
    variant: str | None = None
    gap: bool = False  # the register knows what was named but not what was asked: the documents may know


class RegistryAnswerer:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def answer(self, question: str, language: str = "nl") -> RegistryAnswer | None:
        """The registry's answer, or None when the question is one for the documents."""
        names = self.registry.names()
        if not (names.projects or names.organisations or names.bodies):
            return None
        asked = registry_question(question, names)
        if asked is None:
            return None
        words = _WORDS["en" if language == "en" else "nl"]
        if asked.unknown is not None:
            return self._unknown(asked, words, language, names.projects if asked.unknown[0] == "project" else names.organisations)
        found = self._roles(asked, words, language) if asked.kind == "roles" else self._participation(asked, words, language)
        if asked.as_of is not None:
            found.text = f"{words['on'].format(date=_day(asked.as_of, language))}\n{found.text}"
        return found

    def answer_unknown_project(self, question: str, language: str = "nl") -> RegistryAnswer | None:
        """For a question about taking part in a project neither the registry nor the documents know:
        that it is not in the register, with the names that come close."""
        names = self.registry.names()
        if not names.projects:
            return None
        asked = unknown_project_question(question, names)
        if asked is None:
            return None
        return self._unknown(asked, _WORDS["en" if language == "en" else "nl"], language, names.projects)

    # --- participation ----------------------------------------------------------------------
    def _participation(self, asked: RegistryQuestion, words: dict, language: str) -> RegistryAnswer:
        projects = list(asked.projects)
        for theme in asked.themes:
            projects += [p.name for p in self.registry.projects(theme) if p.name not in projects]
        as_of = asked.as_of
        if projects and asked.organisations:
            return self._pairs(projects, asked.organisations, words, language, as_of)
        if projects:
            return self._projects(projects, asked.variant, words, language, as_of)
        return self._organisations(asked.organisations, asked.variant, words, language, as_of)

    def _pairs(self, projects: list[str], organisations: list[str], words: dict, language: str, as_of: date | None) -> RegistryAnswer:
        lines, variants, decisions = [], set(), []
        for name in projects:
            project = self.registry.project(name)
            decisions += _decision(project)
            declared = {p.organisation: p for p in self.registry.participation(project=name, as_of=as_of)}
            for organisation in organisations:
                found = declared.get(organisation)
                if found is None:
                    lines.append(words["undeclared"].format(org=organisation, project=name))
                    continue
                variants.add(found.variant)
                sentence = words[found.variant].format(org=organisation, project=name)
                lines.append(f"{_yes_no(found.variant, language)}{sentence}{_details(found, words, language)}.")
        return RegistryAnswer("\n".join(lines), True, language, decisions, next(iter(variants)) if len(variants) == 1 else None)

    def _projects(self, projects: list[str], variant: str | None, words: dict, language: str, as_of: date | None) -> RegistryAnswer:
        blocks, decisions = [], []
        for name in projects:
            project = self.registry.project(name)
            decisions += _decision(project)
            declared = self.registry.participation(project=name, as_of=as_of)
            if variant is not None:
                chosen = [p for p in declared if p.variant == variant]
                listed = ", ".join(f"{p.organisation} ({words['since'].format(date=_day(p.since, language))})" for p in chosen)
                blocks.append(words["none_in_variant"].format(variant=BY_KEY[variant].label(language), project=name,
                                                            list=listed or words["nobody"]))
                continue
            head = words["project_head"].format(project=name)
            about = [words["theme"].format(value=project.theme)] if project.theme else []
            about += [words["lead"].format(value=project.lead)] if project.lead else []
            lines = [f"{head}{' (' + '; '.join(about) + ')' if about else ''}:"]
            for v in VARIANTS:
                chosen = [p for p in declared if p.variant == v.key]
                if chosen:
                    listed = ", ".join(f"{p.organisation} ({words['since'].format(date=_day(p.since, language))})" for p in chosen)
                    lines.append(f"• {v.label(language).capitalize()}: {listed}")
            undeclared = self._undeclared(declared)
            if undeclared:
                lines.append(f"• {words['no_choice']}: {', '.join(undeclared)}")
            blocks.append("\n".join(lines))
        return RegistryAnswer("\n\n".join(blocks), True, language, decisions, variant)

    def _organisations(self, organisations: list[str], variant: str | None, words: dict, language: str,
                       as_of: date | None) -> RegistryAnswer:
        blocks, decisions = [], []
        for organisation in organisations:
            declared = [p for p in self.registry.participation(organisation=organisation, as_of=as_of) if variant in (None, p.variant)]
            if not declared:
                blocks.append(words["no_projects"].format(org=organisation))
                continue
            lines = [f"{words['organisation_head'].format(org=organisation)}:"]
            for v in VARIANTS:
                chosen = [p for p in declared if p.variant == v.key]
                if chosen:
                    listed = ", ".join(f"{p.project} ({words['since'].format(date=_day(p.since, language))})" for p in chosen)
                    lines.append(f"• {v.label(language).capitalize()}: {listed}")
            blocks.append("\n".join(lines))
            for p in declared:
                decisions += _decision(self.registry.project(p.project))
        return RegistryAnswer("\n\n".join(blocks), True, language, decisions, variant)

    def _undeclared(self, declared: list[Participation]) -> list[str]:
        """Municipalities that have not chosen yet: in a kleur-bekennen round, exactly who to ask."""
        have = {p.organisation for p in declared}
        return [o.name for o in self.registry.organisations() if o.kind == "gemeente" and o.name not in have]

    # --- roles ------------------------------------------------------------------------------
    def _roles(self, asked: RegistryQuestion, words: dict, language: str) -> RegistryAnswer:
        facts: list[str] = []  # what the register holds
        gaps: list[str] = []  # what was asked and the register does not hold: said, never guessed
        role_name = _role_name(asked.role, language) if asked.role else None
        for person in asked.persons:
            facts += [f"• {_role_line(r, language)}" for r in self.registry.roles(person=person, role=asked.role, on=asked.as_of)]
        bodies = list(asked.bodies) + [b for b in asked.projects + asked.themes if b not in asked.bodies]
        projects = {name: self.registry.project(name) for name in asked.projects}
        for body in bodies:
            held = self.registry.roles(body=body, role=asked.role, on=asked.as_of)
            # The trekker of a project is its lead organisation, and any person recorded as its trekker.
            lead = projects[body].lead if asked.role == "trekker" and body in projects else None
            if lead:
                facts.append(words["project_lead"].format(project=body, org=lead))
            facts += [f"• {_role_line(r, language)}" for r in held]
            if not held and not lead:
                gaps.append(words["no_role"].format(role=role_name, body=body) if role_name else words["no_roles"].format(body=body))
        if not facts:
            return RegistryAnswer("\n".join(gaps) or words["no_roles"].format(body="?"), False, language, gap=True)
        decisions = [d for body in bodies if body in projects for d in _decision(projects[body])]
        return RegistryAnswer("\n".join([f"{words['roles_head']}:"] + facts + gaps), True, language, decisions)

    # --- names it does not know -------------------------------------------------------------
    def _unknown(self, asked: RegistryQuestion, words: dict, language: str, candidates: list[str]) -> RegistryAnswer:
        kind, name = asked.unknown
        close = close_names(name, candidates)
        text = words["unknown_project" if kind == "project" else "unknown_organisation"].format(name=name)
        if close:
            text += words["close"].format(names=", ".join(close))
        elif kind == "project" and candidates:
            text += words["known"].format(names=", ".join(sorted(candidates)[:8]))
        return RegistryAnswer(text, False, language)


def _yes_no(variant: str, language: str) -> str:
    if variant == "volledig":
        return "Yes. " if language == "en" else "Ja. "
    if variant == "geen":
        return "No. " if language == "en" else "Nee. "
    return ""


def _details(found: Participation, words: dict, language: str) -> str:
    parts = [words["since"].format(date=_day(found.since, language))] if found.since else []
    if found.contribution:
        parts.append(words["contribution"].format(value=readable_amount(found.contribution, language)))
    via = _VIA["en" if language == "en" else "nl"].get(found.via, found.via)
    parts.append(words["recorded"].format(date=_day(local(found.recorded_at).date(), language), via=via))
    note = f" ({found.note})" if found.note else ""
    return f", {', '.join(parts)}{note}"


def _role_line(role: Role, language: str, with_person: bool = True) -> str:
    since = f", {'since' if language == 'en' else 'sinds'} {_day(role.since, language)}" if role.since else ""
    organisation = f" ({role.organisation})" if role.organisation else ""
    who = f"{role.person}{organisation}: " if with_person else ""
    return f"{who}{_role_name(role.role, language)} {'of' if language == 'en' else 'van'} {role.body}{since}"


def _role_name(role: str, language: str) -> str:
    return _ROLE_EN.get(role, role) if language == "en" else role


def _decision(project: Project) -> list[tuple[str, int | None]]:
    return [(project.decision, project.decision_page)] if project.decision else []


def _day(day: date | datetime | None, language: str) -> str:
    return spoken(day.date() if isinstance(day, datetime) else day, language)
