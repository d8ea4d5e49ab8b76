"""One overview into one folder: the charts, the PDF, the tables, and the short message for chat."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from overview.charts import dashboard_chart
from overview.collect import Overview
from overview.period import last_day_of, period_label
from overview.export import write_tables
from overview.pdf import write_pdf
from registry.report import write_report
from registry.service import Registry
from surveys.report import render_report


@dataclass(frozen=True)
class OverviewFiles:
    pdf: Path
    tables: list[Path]
    summary: str

    @property
    def files(self) -> list[Path]:
        return [self.pdf, *self.tables]


def write_overview(overview: Overview, folder: Path, registry: Registry | None = None) -> OverviewFiles:
    folder.mkdir(parents=True, exist_ok=True)
    charts: dict[str, list[Path]] = {}
    if overview.reflection and not overview.reflection.report.too_small:
        made = render_report(overview.reflection.report, folder / "reflectie")
        charts["reflection"] = [f for f in made if f.suffix == ".png"]
    if overview.participation and registry is not None:
        made = write_report(registry, folder / "deelname", as_of=last_day_of(overview.end), known_at=overview.end)
        charts["participation"] = [f for f in made if f.suffix == ".png"]
    dashboard = dashboard_chart(overview, folder / "dashboard.png")
    if dashboard is not None:
        charts["dashboard"] = [dashboard]
    pdf = write_pdf(overview, folder / "overzicht-regiekamer.pdf", charts)
    tables = write_tables(overview, folder / "tabellen")
    return OverviewFiles(pdf, tables, summary(overview))


def summary(overview: Overview) -> str:
    """The message beside the PDF in the regiekamer's channel."""
    who = f" van {overview.collaboration}" if overview.collaboration else ""
    lines = [f"Overzicht voor de regiekamer{who}, {period_label(overview.start, overview.end)}."]
    lines += [f"• {line}" for line in overview.highlights()]
    agenda = overview.agenda()
    if agenda:
        lines.append("Voor de agenda:")
        lines += [f"• {line}" for line in agenda[:3]]
    return "\n".join(lines)
