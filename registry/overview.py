"""The matrix as a table, for a project, an organisation or the whole portfolio: what
`/samenspel deelname`, the Teams "deelname" message and `samenspel registry show` display."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from infra.local_time import local
from registry.amounts import readable_amount
from registry.dates import spoken
from registry.records import Participation, UnknownName, close_names
from registry.service import Registry, today
from registry.variants import BY_KEY, VARIANTS, fold

_HEAD = {
    "nl": {"all": "Wie doet mee aan welk project", "project": "Deelname aan {name}", "organisation": "Deelname van {name}",
           "organisation_col": "Organisatie", "project_col": "Project", "variant": "Vorm", "since": "Sinds",
           "contribution": "Bijdrage", "note": "Toelichting", "undeclared": "nog geen keuze", "empty": "Het register is nog leeg.",
           "source": "Bron: het deelnameregister (kleur bekennen) · stand per {day}", "updated": " · laatst bijgewerkt {day}"},
    "en": {"all": "Who takes part in which project", "project": "Participation in {name}", "organisation": "Participation of {name}",
           "organisation_col": "Organisation", "project_col": "Project", "variant": "Variant", "since": "Since",
           "contribution": "Contribution", "note": "Note", "undeclared": "no choice yet", "empty": "The register is still empty.",
           "source": "Source: the participation register (kleur bekennen) · as of {day}", "updated": " · last updated {day}"},
}


@dataclass(frozen=True)
class ParticipationView:
    title: str
    columns: list[str]
    rows: list[list[str]]
    kind: str = "project"  # portfolio (a row per project, a cell per variant) | project | organisation
    source: str = ""  # where the table comes from and per which day, shown under it


def participation_view(registry: Registry, name: str | None = None, *, as_of: date | None = None,
                       language: str = "nl") -> ParticipationView:
    """The table for `name` (a project or an organisation), or for every project; UnknownName
    (with close names of both kinds) when the name is neither."""
    words = _HEAD["en" if language == "en" else "nl"]
    if not name or not name.strip():
        return _sourced(_portfolio(registry, words, as_of, language), registry.participation(as_of=as_of), words, as_of, language)
    projects = {fold(p.name): p.name for p in registry.projects()}
    organisations = {fold(o.name): o.name for o in registry.organisations()}
    if fold(name) in projects:
        shown = registry.participation(project=projects[fold(name)], as_of=as_of)
        return _sourced(_project(registry, projects[fold(name)], words, as_of, language), shown, words, as_of, language)
    if fold(name) in organisations:
        shown = registry.participation(organisation=organisations[fold(name)], as_of=as_of)
        return _sourced(_organisation(registry, organisations[fold(name)], words, as_of, language), shown, words, as_of, language)
    partial = [n for f, n in {**projects, **organisations}.items() if fold(name) in f]
    if len(partial) == 1:
        return participation_view(registry, partial[0], as_of=as_of, language=language)
    raise UnknownName("project of organisatie", name.strip(), partial[:3] or close_names(name, list(projects.values()) + list(organisations.values())))


def _portfolio(registry: Registry, words: dict, as_of: date | None, language: str) -> ParticipationView:
    declared = registry.participation(as_of=as_of)
    rows = []
    for project in registry.projects():
        mine = [d for d in declared if d.project == project.name]
        cells = [", ".join(d.organisation for d in mine if d.variant == v.key) or "–" for v in VARIANTS]
        rows.append([project.name, *cells])
    columns = [words["project_col"], *(v.label(language).split(" (")[0].capitalize() for v in VARIANTS)]
    return ParticipationView(words["all"] if rows else words["empty"], columns, rows, "portfolio")


def _project(registry: Registry, name: str, words: dict, as_of: date | None, language: str) -> ParticipationView:
    declared = {d.organisation: d for d in registry.participation(project=name, as_of=as_of)}
    rows = []
    for organisation in registry.organisations():
        found = declared.get(organisation.name)
        if found is None:
            if organisation.kind == "gemeente":
                rows.append([organisation.name, words["undeclared"], "", "", ""])
            continue
        rows.append([organisation.name, BY_KEY[found.variant].label(language), _date(found.since, language),
                     readable_amount(found.contribution, language), found.note])
    columns = [words["organisation_col"], words["variant"], words["since"], words["contribution"], words["note"]]
    return ParticipationView(words["project"].format(name=name), columns, rows)


def _organisation(registry: Registry, name: str, words: dict, as_of: date | None, language: str) -> ParticipationView:
    declared = {d.project: d for d in registry.participation(organisation=name, as_of=as_of)}
    rows = []
    for project in registry.projects():
        found = declared.get(project.name)
        if found is None:
            rows.append([project.name, words["undeclared"], "", ""])
        else:
            rows.append([project.name, BY_KEY[found.variant].label(language), _date(found.since, language),
                         readable_amount(found.contribution, language)])
    columns = [words["project_col"], words["variant"], words["since"], words["contribution"]]
    return ParticipationView(words["organisation"].format(name=name), columns, rows, "organisation")


def _sourced(view: ParticipationView, shown: list[Participation], words: dict, as_of: date | None,
             language: str) -> ParticipationView:
    """The view with the line that says where it comes from, per which day, and when what it shows
    was last recorded, so a table copied into a memo still says how current it is."""
    line = words["source"].format(day=_date(as_of or today(), language))
    if shown:
        line += words["updated"].format(day=_date(local(max(d.recorded_at for d in shown)).date(), language))
    return replace(view, source=line)


def _date(day, language: str = "nl") -> str:
    return spoken(day, language) if day else ""
