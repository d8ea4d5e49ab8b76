"""Round reports: response rate, per statement the mean and distribution, per theme or table, the
trend over earlier rounds, open answers without names; as PNG charts (readable at a glance, in
Dutch), a CSV of the aggregates (for Excel: semicolons, decimal commas) and a short summary.

Any group with fewer than the minimum number of respondents is reported as too small. Its figures
are never computed into anything shown.
"""

from __future__ import annotations

import statistics
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from infra.local_time import local, shown
from infra.spreadsheets import write_csv
from surveys.service import RoundInfo, SurveyService
from surveys.templates import SCALE

COLOURS = ["#c0392b", "#e59866", "#d5d8dc", "#7fb3d5", "#1f618d"]  # 1..5: oneens → eens


@dataclass
class ItemResult:
    item_id: str
    text: str
    theme: str
    kind: str
    n: int
    mean: float | None
    distribution: dict[int, int]
    hidden: bool
    low_label: str = ""
    high_label: str = ""
    texts: list[str] = field(default_factory=list)

    @property
    def on_scale(self) -> bool:
        return self.kind == SCALE


@dataclass
class GroupResult:
    name: str
    n: int
    mean: float | None
    hidden: bool


@dataclass
class TrendPoint:
    round_id: int
    opened: datetime
    means: dict[str, float | None]  # item id → mean, None where the group was too small
    response_rate: float | None = None  # respondents / invited


@dataclass
class Report:
    info: RoundInfo
    invited: int
    respondents: int
    min_group_size: int
    items: list[ItemResult]
    groups: list[GroupResult]
    trend: list[TrendPoint]

    @property
    def response_rate(self) -> float | None:
        return self.respondents / self.invited if self.invited else None

    @property
    def too_small(self) -> bool:
        return self.respondents < self.min_group_size

    def summary(self) -> str:
        """Three or four sentences for the steering group's channel."""
        title = f"Ronde {self.info.id} “{self.info.title}”"
        rate = f" ({_pct(self.response_rate)})" if self.response_rate is not None else ""
        state = "is gesloten" if self.info.status == "closed" else f"loopt nog (tot {shown(self.info.closes_at)})"
        head = f"{title} {state}: {self.respondents} van {self.invited} uitgenodigden antwoordden{rate}."
        if self.too_small:
            return f"{head} Dat zijn er minder dan {self.min_group_size}, dus de resultaten blijven verborgen."
        visible = [i for i in self.items if i.on_scale and not i.hidden and i.mean is not None and i.theme != "Spanningsveld"]
        lines = [head]
        if visible:
            best = max(visible, key=lambda i: i.mean)
            worst = min(visible, key=lambda i: i.mean)
            lines.append(f"Hoogst: {best.theme} ({_num(best.mean)}). Laagst: {worst.theme} ({_num(worst.mean)}).")
        change = self._largest_change()
        if change:
            lines.append(change)
        opens = sum(len(i.texts) for i in self.items)
        if opens:
            lines.append(f"{opens} open antwoord{'en' if opens != 1 else ''} staan in het rapport.")
        return " ".join(lines)

    def _largest_change(self) -> str | None:
        if len(self.trend) < 2:
            return None
        before, now = self.trend[-2].means, self.trend[-1].means
        deltas = [(now[k] - before[k], k) for k in now if now.get(k) is not None and before.get(k) is not None]
        if not deltas:
            return None
        delta, item_id = max(deltas, key=lambda d: abs(d[0]))
        if abs(delta) < 0.05:
            return "Ten opzichte van de vorige ronde is er weinig veranderd."
        theme = next(i.theme for i in self.items if i.item_id == item_id)
        direction = "gestegen" if delta > 0 else "gedaald"
        return f"Grootste verandering sinds de vorige ronde: {theme} is {direction} met {_num(abs(delta))}."


def build_report(service: SurveyService, info: RoundInfo, min_group_size: int) -> Report:
    responses = service.responses(info.id)
    deliveries = service.deliveries(info.id)
    respondents = len({r[0] for r in responses})
    items = [_item_result(info, item, responses, min_group_size) for item in info.template.items]
    groups = _groups(info, responses, min_group_size)
    trend = [_trend_point(service, earlier, min_group_size) for earlier in service.earlier_rounds(info)]
    trend.append(TrendPoint(info.id, info.opens_at, {i.item_id: (None if i.hidden else i.mean) for i in items if i.on_scale},
                            respondents / len(deliveries) if deliveries else None))
    return Report(info, len(deliveries), respondents, min_group_size, items, groups, trend)


def _item_result(info: RoundInfo, item, responses, minimum: int) -> ItemResult:
    scale = info.template.scale
    values = [r[2] for r in responses if r[1] == item.id and r[2] is not None]
    texts = [r[3] for r in responses if r[1] == item.id and r[3]]
    n = len(values) if item.on_scale else len(texts)
    hidden = n < minimum
    distribution = {v: (0 if hidden else values.count(v)) for v in scale.values}
    mean = None if hidden or not values else statistics.fmean(values)
    return ItemResult(
        item.id, item.text, item.theme or item.id, item.type, n, mean, distribution, hidden,
        info.template.label(item, scale.min), info.template.label(item, scale.max),
        [] if hidden else sorted(texts, key=str.lower),
    )


def _groups(info: RoundInfo, responses, minimum: int) -> list[GroupResult]:
    """Per table (or theme) label: how many people answered its statements, and their mean."""
    by_group: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for item in info.template.items:
        if not item.on_scale or item.theme == "Spanningsveld":
            continue
        for respondent, item_id, value, _ in responses:
            if item_id == item.id and value is not None:
                by_group[item.group or item.id].append((respondent, value))
    out = []
    for name, pairs in by_group.items():
        n = len({p[0] for p in pairs})
        hidden = n < minimum
        out.append(GroupResult(name, n, None if hidden else statistics.fmean(v for _, v in pairs), hidden))
    return out


def _trend_point(service: SurveyService, info: RoundInfo, minimum: int) -> TrendPoint:
    responses = service.responses(info.id)
    means: dict[str, float | None] = {}
    for item in info.template.items:
        if item.on_scale:
            values = [r[2] for r in responses if r[1] == item.id and r[2] is not None]
            means[item.id] = statistics.fmean(values) if len(values) >= minimum else None
    invited = len(service.deliveries(info.id))
    return TrendPoint(info.id, info.opens_at, means, len({r[0] for r in responses}) / invited if invited else None)


# --- output ------------------------------------------------------------------------------------
def render_report(report: Report, folder: Path) -> list[Path]:
    """Write the charts, the CSV and the open answers; returns the files, charts first."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [_chart_items(report, folder / "stellingen.png")]
    if sum(1 for p in report.trend if any(v is not None for v in p.means.values())) >= 2:
        files.append(_chart_trend(report, folder / "trend.png"))
    files.append(_write_csv(report, folder / "resultaten.csv"))
    files.append(_write_summary(report, folder / "samenvatting.txt"))
    return files


def _chart_items(report: Report, path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig = items_figure(report)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path


def items_figure(report: Report):
    """Per statement the share of each answer and the mean (a Matplotlib figure, for the PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    likert = [i for i in report.items if i.on_scale]
    fig, ax = plt.subplots(figsize=(9, 0.8 * len(likert) + 2.0), dpi=130)
    rate = f"{report.respondents} van {report.invited} antwoordden ({_pct(report.response_rate)})" if report.invited else f"{report.respondents} respondenten"
    ax.set_title(f"{report.info.title} — ronde {report.info.id}\n{rate}", loc="left", fontsize=13, fontweight="bold")
    labels = []
    for row, item in enumerate(reversed(likert)):
        wrapped = textwrap.fill(item.text, 46)
        labels.append(f"{item.theme}\n{wrapped}" if item.theme else wrapped)
        total = sum(item.distribution.values())
        if item.hidden or not total:
            ax.text(50, row, f"te weinig antwoorden (minder dan {report.min_group_size})", ha="center", va="center", color="#555", fontsize=10)
            continue
        left = 0.0
        for value, colour in zip(sorted(item.distribution), COLOURS):
            share = 100 * item.distribution[value] / total
            ax.barh(row, share, left=left, color=colour, edgecolor="white", height=0.62)
            if share >= 7:
                ax.text(left + share / 2, row, f"{share:.0f}%", ha="center", va="center", fontsize=9,
                        color="white" if value in (1, 5) else "#222")
            left += share
        ax.text(101.5, row, f"gem. {_num(item.mean)}", va="center", fontsize=10, fontweight="bold")
        if item.low_label and item.theme == "Spanningsveld":
            ax.text(0, row - 0.4, f"1 = {item.low_label}  ·  5 = {item.high_label}", fontsize=7, color="#555", va="top")
    ax.set_yticks(range(len(likert)), labels, fontsize=9)
    ax.set_ylim(-0.7, len(likert) - 0.3)  # the same rows with or without bars: a round without answers does not collapse onto its title
    ax.set_xlim(0, 117)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.spines[["top", "right"]].set_visible(False)
    scale = report.info.template.scale
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in COLOURS[: len(scale.values)]]
    ax.legend(handles, [f"{v} {scale.labels.get(v, '')}".strip() for v in scale.values], ncol=len(scale.values),
              loc="upper center", bbox_to_anchor=(0.45, -0.06), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def _chart_trend(report: Report, path: Path) -> Path:
    """Small multiples: one panel per theme with its mean per round, so no lines cross or hide."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    themes = [(i.item_id, i.theme) for i in report.items if i.on_scale and i.theme != "Spanningsveld"]
    columns = 4
    rows = -(-len(themes) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(10, 2.5 * rows + 0.8), dpi=130, sharey=True, squeeze=False)
    labels = [f"r{p.round_id}\n{local(p.opened).strftime('%m-%Y')}" for p in report.trend]
    for ax, (item_id, theme) in zip(axes.flat, themes):
        ys = [p.means.get(item_id) for p in report.trend]
        xs = [x for x, y in enumerate(ys) if y is not None]
        ax.plot(xs, [ys[x] for x in xs], marker="o", linewidth=2.2, color="#1f618d")
        for x in xs:
            ax.annotate(_num(ys[x]), (x, ys[x]), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=9)
        ax.set_title(theme, fontsize=11, fontweight="bold", loc="left")
        ax.set_xticks(range(len(labels)), labels, fontsize=8)
        ax.set_xlim(-0.5, len(labels) - 0.5)
        ax.set_ylim(1, 5.4)
        ax.set_yticks([1, 2, 3, 4, 5])
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
    for ax in list(axes.flat)[len(themes):]:
        ax.set_visible(False)
    fig.suptitle(f"{report.info.title}: gemiddelde per thema over de rondes\n(1 = helemaal oneens, 5 = helemaal eens)",
                 x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.tight_layout()
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path


def _write_csv(report: Report, path: Path) -> Path:
    scale = report.info.template.scale.values
    rows: list[list[object]] = [["ronde", "stelling", "thema", "type", "aantal", "gemiddelde", *[f"aantal_{v}" for v in scale], "opmerking"]]
    for item in report.items:
        note = f"te weinig antwoorden (minder dan {report.min_group_size})" if item.hidden else ""
        counts = ["" if item.hidden or not item.on_scale else item.distribution[v] for v in scale]
        rows.append([report.info.id, item.text, item.theme, item.kind, item.n, _num(item.mean) if item.mean is not None else "", *counts, note])
    rows += [[], ["ronde", "groep", "aantal", "gemiddelde", "opmerking"]]
    for group in report.groups:
        rows.append([report.info.id, group.name, group.n, "" if group.mean is None else _num(group.mean),
                     "te weinig antwoorden" if group.hidden else ""])
    return write_csv(path, rows)


def _write_summary(report: Report, path: Path) -> Path:
    lines = [report.summary(), ""]
    for item in report.items:
        if item.kind == "open":
            lines.append(f"Open vraag: {item.text}")
            if item.hidden:
                lines.append(f"  (te weinig antwoorden om te tonen: minder dan {report.min_group_size})")
            lines.extend(f"  – {text}" for text in item.texts)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.0f}%"
