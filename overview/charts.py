"""The chart of the overview's first page: the reflection per statement (now against the previous
round) beside the participation per project (choices per variant). Small multiples a reader takes
in at a glance; colour, pattern and letter per variant as in the registry's own chart."""

from __future__ import annotations

import textwrap
from pathlib import Path

from overview.collect import Overview
from registry.report import UNDECLARED_LOOK, VARIANT_LOOK
from registry.variants import VARIANTS

_NOW, _BEFORE, _LOW = "#2166ac", "#999999", "#b2182b"


def dashboard_chart(overview: Overview, path: Path) -> Path | None:
    """The chart, or None when there is neither a visible reflection nor a registry to show."""
    reflection = overview.reflection if overview.reflection and not overview.reflection.report.too_small else None
    part = overview.participation if overview.participation and overview.participation.matrix.projects else None
    panels = [p for p in (reflection and "reflection", part and "participation") if p]
    if not panels:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = max(len([i for i in reflection.report.items if i.on_scale]) if reflection else 0,
               len(part.matrix.projects) if part else 0)
    fig, axes = plt.subplots(1, len(panels), figsize=(7.4, max(2.4, 0.3 * rows + 1.5)), dpi=160, squeeze=False,
                             gridspec_kw={"wspace": 0.75})
    for ax, panel in zip(axes[0], panels):
        if panel == "reflection":
            _reflection_panel(ax, reflection)
        else:
            _participation_panel(ax, part)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path


def _reflection_panel(ax, reflection) -> None:
    from matplotlib.lines import Line2D

    items = [i for i in reflection.report.items if i.on_scale]
    before = reflection.report.trend[-2].means if len(reflection.report.trend) >= 2 else {}
    for row, item in enumerate(reversed(items)):
        if item.hidden or item.mean is None:
            ax.text(1.05, row, "te weinig antwoorden", va="center", fontsize=8, color="#555")
            continue
        ax.barh(row, item.mean - 1, left=1, height=0.55, color=_LOW if item.mean < 3 else _NOW)
        ax.text(item.mean + 0.06, row, f"{item.mean:.1f}".replace(".", ","), va="center", fontsize=8)
        if before.get(item.item_id) is not None:
            ax.plot([before[item.item_id]] * 2, [row - 0.36, row + 0.36], color=_BEFORE, linewidth=2.2)
    ax.set_yticks(range(len(items)), [textwrap.shorten(i.theme or i.text, 24) for i in reversed(items)], fontsize=8)
    ax.set_xlim(1, 5.6)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.tick_params(axis="x", labelsize=8)
    ax.axvline(3, color="#cccccc", linewidth=0.8, zorder=0)
    ax.set_title("Reflectie, gemiddelde (1–5)", loc="left", fontsize=9.5, fontweight="bold")
    if before:
        ax.legend(handles=[Line2D([], [], color=_BEFORE, linewidth=2.2, label="vorige ronde")], loc="upper center",
                  bbox_to_anchor=(0.5, -0.12), fontsize=7, frameon=False)
    _plain(ax)


def _participation_panel(ax, part) -> None:
    from matplotlib.patches import Patch

    matrix = part.matrix
    for row, project in enumerate(reversed(matrix.projects)):
        left = 0
        counts = [(VARIANT_LOOK[v.key], sum(1 for o in matrix.organisations if matrix.cells.get((o, project)) == v.key)) for v in VARIANTS]
        counts.append((UNDECLARED_LOOK, sum(1 for o in matrix.organisations if (o, project) not in matrix.cells)))
        for (colour, hatch, letter), n in counts:
            if not n:
                continue
            ax.barh(row, n, left=left, height=0.55, color=colour, hatch=hatch, edgecolor="#404040", linewidth=0.6)
            ax.text(left + n / 2, row, f"{letter}{n}", ha="center", va="center", fontsize=7.5,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
            left += n
    ax.set_yticks(range(len(matrix.projects)), [textwrap.shorten(p, 24) for p in reversed(matrix.projects)], fontsize=8)
    from matplotlib.ticker import MaxNLocator

    ax.set_xlim(0, max(1, len(matrix.organisations)))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("organisaties", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title("Deelname per project", loc="left", fontsize=9.5, fontweight="bold")
    legend = [Patch(facecolor=VARIANT_LOOK[v.key][0], hatch=VARIANT_LOOK[v.key][1], edgecolor="#404040",
                    label=f"{VARIANT_LOOK[v.key][2]} {v.nl.split(' (')[0]}") for v in VARIANTS]
    legend.append(Patch(facecolor=UNDECLARED_LOOK[0], edgecolor="#404040", label="? nog geen keuze"))
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.4, -0.2), ncol=2, fontsize=6.5, frameon=False)
    _plain(ax)


def _plain(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
