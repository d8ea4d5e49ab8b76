"""`samenspel survey ...`: reflection rounds: templates, planning, starting, closing, reports, forgetting a person."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from infra.local_time import shown, zone
from infra.settings import Settings
from samenspel.cli.common import app, err, fail, load_settings, out

survey_app = typer.Typer(no_args_is_help=True, help="Reflectierondes: sjablonen, planning, starten, sluiten, rapport, vergeten.")
app.add_typer(survey_app, name="survey")


def _surveys(settings: Settings):
    from infra.database import DatabaseUnavailable
    from samenspel.wiring import open_database_for, open_surveys

    try:
        db = open_database_for(settings)
        return db, open_surveys(settings, db)
    except (DatabaseUnavailable, ValueError) as exc:
        fail(str(exc))


@survey_app.command("templates")
def survey_templates() -> None:
    """Welke sjablonen er zijn (ingebouwd en uit SURVEY_TEMPLATE_DIR)."""
    from surveys.planning import templates_for
    from surveys.templates import TemplateError

    settings = load_settings()
    try:
        templates = templates_for(settings)
    except TemplateError as exc:
        fail(str(exc))
    table = Table(show_header=True, header_style="bold")
    for column in ("Sjabloon", "Titel", "Stellingen", "Open vragen"):
        table.add_column(column)
    for t in templates.values():
        table.add_row(t.id, t.title, str(len(t.statements)), str(len(t.items) - len(t.statements)))
    out.print(table)


@survey_app.command("rounds")
def survey_rounds() -> None:
    """Alle rondes met hun status en respons."""
    settings = load_settings()
    db, service = _surveys(settings)
    try:
        rounds = service.rounds()
        table = Table(show_header=True, header_style="bold")
        for column in ("Ronde", "Titel", "Status", "Opent", "Sluit", "Uitgenodigd", "Geantwoord"):
            table.add_column(column)
        for r in rounds:
            table.add_row(str(r.id), r.title, r.status, shown(r.opens_at), shown(r.closes_at),
                          str(len(service.deliveries(r.id))), str(service.response_count(r.id)))
        out.print(table if rounds else "Nog geen rondes. Start er een met: samenspel survey start")
    finally:
        db.close()


def _parse_local(text: str):
    from datetime import datetime

    try:
        moment = datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        fail(f"'{text}' is geen tijdstip; gebruik JJJJ-MM-DD UU:MM (Nederlandse tijd)")
    return moment.replace(tzinfo=zone())


def _create_round(opens_at, template: Optional[str], days: Optional[float], reminders: Optional[str]) -> None:
    from samenspel.audience import default_audience
    from surveys.planning import plan_round
    from surveys.service import SurveyError

    settings = load_settings()
    db, service = _surveys(settings)
    try:
        reminder_days = [float(d) for d in reminders.split(",") if d.strip()] if reminders is not None else None
        round_id = plan_round(service, settings, opens_at=opens_at, template_id=template, days=days, reminder_days=reminder_days,
                              audience=default_audience(settings))
        info = service.round(round_id)
    except (SurveyError, ValueError) as exc:
        fail(str(exc))
    finally:
        db.close()
    reminders_text = ", ".join(shown(r) for r in info.reminders) or "geen"
    out.print(f"Ronde {info.id} “{info.title}”: open van {shown(info.opens_at)} tot {shown(info.closes_at)}; herinneringen: {reminders_text}.")
    out.print("De draaiende bot (samenspel slack) verstuurt de uitnodigingen zodra de ronde opent.")


@survey_app.command("start")
def survey_start(
    template: Annotated[Optional[str], typer.Option("--sjabloon", "--template", help="Sjabloon (standaard SURVEY_TEMPLATE)")] = None,
    days: Annotated[Optional[float], typer.Option("--dagen", "--days", help="Dagen open (standaard SURVEY_DURATION_DAYS)")] = None,
    reminders: Annotated[Optional[str], typer.Option("--herinneringen", "--reminders", help="Herinneringen, dagen na opening, bv. '3,6'")] = None,
) -> None:
    """Open nu een ronde met de hand."""
    from surveys.service import utcnow

    _create_round(utcnow(), template, days, reminders)


@survey_app.command("schedule")
def survey_schedule(
    at: Annotated[Optional[str], typer.Option("--op", "--at", help="Plan één ronde op 'JJJJ-MM-DD UU:MM' (Nederlandse tijd)")] = None,
    template: Annotated[Optional[str], typer.Option("--sjabloon", "--template", help="Sjabloon (standaard SURVEY_TEMPLATE)")] = None,
    days: Annotated[Optional[float], typer.Option("--dagen", "--days", help="Dagen open")] = None,
    reminders: Annotated[Optional[str], typer.Option("--herinneringen", "--reminders", help="Herinneringen, dagen na opening")] = None,
) -> None:
    """Toon het rooster (SURVEY_SCHEDULE) en de geplande rondes, of plan er een met --at."""
    settings = load_settings()  # first: it sets the time zone that --at is read in
    if at:
        _create_round(_parse_local(at), template, days, reminders)
        return
    from datetime import datetime

    from apscheduler.triggers.cron import CronTrigger

    if not settings.survey_schedules:
        out.print("Geen vast rooster (SURVEY_SCHEDULE is leeg).")
    for cron in settings.survey_schedules:
        try:
            trigger = CronTrigger.from_crontab(cron, timezone=zone())
        except ValueError as exc:
            fail(f"SURVEY_SCHEDULE '{cron}' klopt niet: {exc}")
        moments, previous = [], None
        now = datetime.now(zone())
        for _ in range(3):
            previous = trigger.get_next_fire_time(previous, previous or now)
            moments.append(shown(previous))
        out.print(f"Rooster '{cron}': de volgende rondes openen {', '.join(moments)}.")
    db, service = _surveys(settings)
    try:
        planned = service.rounds("scheduled")
    finally:
        db.close()
    for r in planned:
        out.print(f"Gepland: ronde {r.id} “{r.title}” opent {shown(r.opens_at)}.")


@survey_app.command("proef")
def survey_trial(
    round_id: Annotated[Optional[int], typer.Option("--ronde", "--round", help="Doe mee aan deze proefronde (standaard: een nieuwe)")] = None,
    template: Annotated[Optional[str], typer.Option("--sjabloon", "--template", help="Sjabloon (standaard SURVEY_TEMPLATE)")] = None,
    days: Annotated[float, typer.Option("--dagen", "--days", help="Dagen open")] = 7.0,
) -> None:
    """Probeer een reflectieronde in de terminal, zonder chat: de stellingen hier, je antwoorden opgeslagen zoals in de chat."""
    import getpass
    from datetime import timedelta

    from surveys.planning import templates_for
    from surveys.service import SurveyError, utcnow

    settings = load_settings()
    db, service = _surveys(settings)
    person = getpass.getuser()
    try:
        if round_id is None:
            templates = templates_for(settings)
            chosen = templates.get(template or settings.survey_template)
            if chosen is None:
                fail(f"sjabloon '{template}' bestaat niet (wel: {', '.join(sorted(templates))})")
            now = utcnow()
            round_id = service.create_round(chosen.model_copy(update={"title": f"{chosen.title} (proef)"}), opens_at=now,
                                            closes_at=now + timedelta(days=days), audience={"cli": {"users": []}})
            service.set_status(round_id, "open", "scheduled")
        info = service.round(round_id)
        if info.status != "open":
            fail(f"ronde {round_id} is niet open ({info.status})")
        service.add_deliveries(round_id, "cli", [person])
        out.print(f"[bold]{info.title}[/bold] — ronde {info.id}. Antwoord met een cijfer; Enter slaat een vraag over.\n")
        answered = _ask_items(service, info, person)
    except SurveyError as exc:
        fail(str(exc))
    finally:
        db.close()
    out.print(f"\n{answered} antwoord(en) opgeslagen, onder een pseudoniem, zoals in de chat.")
    out.print(f"Laat anderen meedoen: samenspel survey proef --ronde {info.id}")
    out.print(f"Rapport: samenspel survey report --ronde {info.id} --naar rapport/ (cijfers vanaf {settings.survey_min_group_size} "
              f"deelnemers, SURVEY_MIN_GROUP_SIZE); sluiten: samenspel survey close {info.id}")


def _ask_items(service, info, person: str) -> int:
    """Every item of the round in the terminal: a statement on its scale, an open question as text."""
    template = info.template
    answered = 0
    for number, item in enumerate(template.items, 1):
        text, theme = escape(item.text), escape(item.theme or "")
        out.print(f"[bold]{number}. {theme}[/bold]\n{text}" if theme else f"[bold]{number}.[/bold] {text}")
        if item.on_scale:
            out.print("   " + "   ".join(f"{v} = {template.label(item, v)}" for v in template.scale.values))
            while True:
                raw = typer.prompt("   Je antwoord", default="", show_default=False).strip()
                if not raw or (raw.isdigit() and int(raw) in template.scale.values):
                    break
                out.print(f"   Kies een van {', '.join(str(v) for v in template.scale.values)}, of Enter om over te slaan.")
            if raw:
                service.answer(info.id, "cli", person, item.id, value=int(raw))
                answered += 1
        else:
            written = typer.prompt("   Je antwoord (mag leeg)", default="", show_default=False).strip()
            if written:
                service.answer(info.id, "cli", person, item.id, text=written)
                answered += 1
    return answered


@survey_app.command("close")
def survey_close(round_id: Annotated[int, typer.Argument(metavar="RONDE", help="Het rondenummer (zie: samenspel survey rounds)")]) -> None:
    """Sluit een ronde nu; de draaiende bot maakt het rapport en stuurt het naar het stuurkanaal."""
    from surveys.service import SurveyError

    settings = load_settings()
    db, service = _surveys(settings)
    try:
        service.close_now(round_id)
    except SurveyError as exc:
        fail(str(exc))
    finally:
        db.close()
    out.print(f"Ronde {round_id} sluit nu; de bot maakt het rapport bij zijn volgende ronde (binnen {settings.scheduler_tick_seconds:g} s).")


@survey_app.command("report")
def survey_report(
    out_dir: Annotated[Path, typer.Option("--naar", "--out", help="Map voor grafieken (PNG), CSV en samenvatting")],
    round_id: Annotated[Optional[int], typer.Option("--ronde", "--round", help="Rondenummer (standaard de laatste)")] = None,
) -> None:
    """Maak het rapport van een ronde: respons, gemiddelden, verdeling, trend; PNG en CSV."""
    from surveys.report import build_report, render_report
    from surveys.service import SurveyError

    settings = load_settings()
    db, service = _surveys(settings)
    try:
        rounds = service.rounds()
        if not rounds:
            fail("er zijn nog geen rondes")
        try:
            info = service.round(round_id) if round_id is not None else rounds[-1]
        except SurveyError as exc:
            fail(str(exc))
        report = build_report(service, info, settings.survey_min_group_size)
        files = render_report(report, out_dir)
    finally:
        db.close()
    out.print(report.summary())
    for f in files:
        out.print(f"  {f}")


@survey_app.command("forget")
def survey_forget(
    user: Annotated[str, typer.Argument(metavar="GEBRUIKER", help="De gebruikers-id in het kanaal (Slack: U…)")],
    channel: Annotated[str, typer.Option("--kanaal", "--channel", help="slack of teams")] = "slack",
) -> None:
    """Wis alle antwoorden, uitnodigingen en verwijzingen van één persoon, in alle rondes."""
    from samenspel.erasure import erase_person

    settings = load_settings()
    db, service = _surveys(settings)
    try:
        erased = erase_person(db, service, channel, user, settings.report_dir)
    finally:
        db.close()
    out.print(f"{erased.answers} antwoord{'en' if erased.answers != 1 else ''} van {user} gewist, met de uitnodigingen en het id in de rondes.")
    if erased.registry:
        out.print(f"Register: het id uit {erased.registry} regel{'s' if erased.registry != 1 else ''} gehaald (vertegenwoordiger, "
                  "uitnodigingen, wie een keuze of rol vastlegde); de keuzes zelf blijven staan, vastgelegd door iemand die gewist is.")
    if erased.groups:
        out.print(f"Groepen: uit {erased.groups} groep{'en' if erased.groups != 1 else ''} gehaald (samenspel groep lijst).")
    if erased.reports:
        out.print(f"Rapporten: het id uit {len(erased.reports)} bestand{'en' if len(erased.reports) != 1 else ''} gehaald "
                  f"({', '.join(str(p.relative_to(settings.report_dir)) for p in erased.reports)}).")
    configured = settings.survey_slack_users if channel == "slack" else settings.survey_teams_users
    if user in configured:
        variable = "SURVEY_SLACK_USERS" if channel == "slack" else "SURVEY_TEAMS_USERS"
        err.print(f"[yellow]Let op:[/yellow] {user} staat nog in {variable}; haal het daar weg, anders krijgt deze persoon weer uitnodigingen.")
