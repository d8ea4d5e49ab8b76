"""The participation matrix as a chart (organisations × projects, one colour, pattern and letter per
variant, so a grey print reads the same) and as an Excel-friendly CSV, plus what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from infra.local_time import local
from infra.spreadsheets import write_csv
from registry.dates import spoken
from registry.records import Change
from registry.service import Registry
from registry.variants import BY_KEY, VARIANTS

# Colour, hatch and letter per variant: distinct in colour, in grey (lightness) and in print (letter).
VARIANT_LOOK = {
    "volledig": ("#1b7837", "", "V"),
    "solidair": ("#7fbc41", "//", "S"),
    "instap": ("#fdb863", "..", "I"),
    "geen": ("#d9d9d9", "xx", "–"),
}
UNDECLARED_LOOK = ("#ffffff", "", "?")


@dataclass(frozen=True)
class Matrix:
    projects: list[str]
    organisations: list[str]
    cells: dict[tuple[str, str], str]  # (organisation, project) → variant key; absent: no choice yet
    as_of: date | None
    theme: str | None


def build_matrix(registry: Registry, *, theme: str | None = None, as_of: date | None = None,
                 known_at: datetime | None = None) -> Matrix:
    projects = [p.name for p in registry.projects(theme)]
    declared = registry.participation(theme=theme, as_of=as_of, known_at=known_at)
    organisations = [o.name for o in registry.organisations()
                     if o.kind == "gemeente" or any(d.organisation == o.name for d in declared)]
    cells = {(d.organisation, d.project): d.variant for d in declared}
    return Matrix(projects, organisations, cells, as_of, theme)


def write_report(registry: Registry, folder: Path, *, theme: str | None = None, as_of: date | None = None,
                 changes_since: datetime | None = None, known_at: datetime | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    matrix = build_matrix(registry, theme=theme, as_of=as_of, known_at=known_at)
    files = [_write_csv(matrix, folder / "deelname.csv"), _chart(matrix, folder / "deelname.png")]
    if changes_since is not None:
        files.append(_write_changes(registry.changes(changes_since), folder / "wijzigingen.csv"))
    return files


def changes_text(changes: list[Change]) -> str:
    """"What changed" in plain Dutch, one line per change, for the message after a round."""
    lines = []
    for change in changes:
        now = change.now
        before = BY_KEY[change.before].nl if change.before else "nog geen keuze"
        lines.append(f"• {now.organisation} – {now.project}: {before} → {BY_KEY[now.variant].nl}")
    return "\n".join(lines) or "Geen wijzigingen."


def _write_csv(matrix: Matrix, path: Path) -> Path:
    rows = [["organisatie", *matrix.projects]]
    rows += [[organisation, *(BY_KEY[v].nl if (v := matrix.cells.get((organisation, p))) else "nog geen keuze"
                              for p in matrix.projects)] for organisation in matrix.organisations]
    return write_csv(path, rows)


def _write_changes(changes: list[Change], path: Path) -> Path:
    rows = [["vastgelegd_op", "project", "organisatie", "was", "werd", "sinds", "door", "via"]]
    for change in changes:
        now = change.now
        rows.append([local(now.recorded_at).strftime("%Y-%m-%d %H:%M"), now.project, now.organisation,
                     BY_KEY[change.before].nl if change.before else "", BY_KEY[now.variant].nl,
                     now.since.isoformat() if now.since else "", now.recorded_by, now.via])
    return write_csv(path, rows)


def _chart(matrix: Matrix, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    columns, rows = max(len(matrix.projects), 1), max(len(matrix.organisations), 1)
    fig, ax = plt.subplots(figsize=(min(3 + 1.3 * columns, 16), min(1.8 + 0.45 * rows, 20)), dpi=150)
    for y, organisation in enumerate(matrix.organisations):
        for x, project in enumerate(matrix.projects):
            colour, hatch, letter = VARIANT_LOOK.get(matrix.cells.get((organisation, project), ""), UNDECLARED_LOOK)
            ax.add_patch(Rectangle((x, y), 1, 1, facecolor=colour, hatch=hatch, edgecolor="#404040", linewidth=0.8))
            ax.text(x + 0.5, y + 0.5, letter, ha="center", va="center", fontsize=10, fontweight="bold", color="black",
                    bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="none"))  # legible on any pattern
    ax.set_xlim(0, columns)
    ax.set_ylim(rows, 0)
    ax.set_xticks([x + 0.5 for x in range(len(matrix.projects))], matrix.projects, rotation=30, ha="right", fontsize=9)
    ax.set_yticks([y + 0.5 for y in range(len(matrix.organisations))], matrix.organisations, fontsize=9)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    when = spoken(matrix.as_of or local(datetime.now().astimezone()).date())
    ax.set_title(f"Wie doet mee{' – ' + matrix.theme if matrix.theme else ''} (stand {when})", fontsize=11, loc="left")
    legend = [Patch(facecolor=VARIANT_LOOK[v.key][0], hatch=VARIANT_LOOK[v.key][1], edgecolor="#404040", label=f"{VARIANT_LOOK[v.key][2]}  {v.nl}")
              for v in VARIANTS]
    legend.append(Patch(facecolor=UNDECLARED_LOOK[0], edgecolor="#404040", label="?  nog geen keuze"))
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
