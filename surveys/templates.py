"""Survey templates in YAML: the bundled default plus any in SURVEY_TEMPLATE_DIR. A template is
validated when it is loaded, so a broken file is reported with its name, not half-used."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

BUNDLED_DIR = Path(__file__).resolve().parent / "templates"
DEFAULT_TEMPLATE = "kwaliteit-samenwerking"


class TemplateError(ValueError):
    """A template file that cannot be used; the message names the file and the problem."""


class Scale(BaseModel):
    min: int = 1
    max: int = 5
    labels: dict[int, str] = Field(default_factory=dict)

    @property
    def values(self) -> list[int]:
        return list(range(self.min, self.max + 1))


class Item(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")
    type: Literal["likert", "open"]
    text: str = Field(min_length=3, max_length=600)
    theme: str = ""
    table: str = ""  # a bestuurlijke tafel, for breakdowns
    labels: dict[int, str] = Field(default_factory=dict)  # overrides the scale's labels (e.g. a tension)

    @property
    def group(self) -> str:
        return self.table or self.theme

    @property
    def on_scale(self) -> bool:
        """A statement answered on the scale (required); otherwise an open question (optional)."""
        return self.type == SCALE


SCALE = "likert"  # the item type of a statement on the scale, as templates write it


class Template(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,60}$")
    title: str
    intro: str = ""
    scale: Scale = Field(default_factory=Scale)
    items: list[Item] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _unique_items(self) -> "Template":
        ids = [i.id for i in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("item ids must be unique")
        return self

    @property
    def statements(self) -> list[Item]:
        """The items answered on the scale: a round is complete when all of them are answered."""
        return [i for i in self.items if i.on_scale]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def label(self, item: Item, value: int) -> str:
        return item.labels.get(value) or self.scale.labels.get(value, str(value))


def load_template(path: Path) -> Template:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Template.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"{path.name}: kan het sjabloon niet lezen ({exc})") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise TemplateError(f"{path.name}: ongeldig sjabloon ({problems})") from exc


def load_templates(extra_dir: Path | None = None) -> dict[str, Template]:
    """All templates by id; one in extra_dir overrides a bundled one with the same id."""
    templates: dict[str, Template] = {}
    for folder in (BUNDLED_DIR, extra_dir):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
            template = load_template(path)
            templates[template.id] = template
    return templates
