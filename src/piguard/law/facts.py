"""The facts of a case, schema ``piguard.facts/1`` (YAML or JSON).

A key that is absent means "not alleged" (``false``, ``0``, ``none``); a key set to ``null`` means
"unknown", and rules that depend on it answer *undetermined* instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, ValidationError, field_validator, model_validator

SCHEMA = "piguard.facts/1"


class FactsError(ValueError):
    """The facts file is unreadable or invalid; the message names the file and the key."""


def _money(v: Any) -> Any:
    # yuan: integers or decimals, never strings or booleans (a typo like "3,498" must not pass silently)
    if isinstance(v, bool) or isinstance(v, str):
        raise ValueError("must be a number of yuan, not text")
    if isinstance(v, float):
        return Decimal(repr(v))
    return v


Yuan = Annotated[Decimal, BeforeValidator(_money), Field(ge=0)]
Count = Annotated[StrictInt, Field(ge=0)]


class Act(str, Enum):
    obtain = "obtain"      # 非法获取 (CL 253-1 ¶3)
    sell = "sell"          # 出售
    provide = "provide"    # 提供


class Role(str, Enum):
    principal = "principal"    # 主犯 (CL 26)
    accomplice = "accomplice"  # 从犯 (CL 27)
    coerced = "coerced"        # 胁从犯 (CL 28)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Conduct(Strict):
    start: dt.date | None = None
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Conduct":
        if self.start and self.end and self.end < self.start:
            raise ValueError("conduct.end is before conduct.start")
        return self


class Offender(Strict):
    type: Literal["natural_person", "unit"] = "natural_person"
    duty_or_service: StrictBool | None = False
    role: Role = Role.principal
    ringleader: StrictBool = False                    # 犯罪集团的首要分子 (CL 26 ¶3, 97; bars suspension, CL 74)
    prior_pi_criminal_punishment: StrictBool | None = False
    pi_admin_penalty_within_2y: StrictBool | None = False
    recidivist: StrictBool | None = False
    first_offender: StrictBool | None = True
    surrender: StrictBool = False
    confession: StrictBool = False
    plea: StrictBool = False
    meritorious: Literal["none", "ordinary", "major"] = "none"
    restitution: Literal["none", "partial", "full"] = "none"
    remorse: StrictBool | None = False
    age_at_offense: Annotated[StrictInt, Field(ge=0, le=130)] | None = None
    annual_turnover: Yuan | None = None

    @model_validator(mode="before")
    @classmethod
    def _first_offender(cls, data: Any) -> Any:
        # a recidivist or a person already punished for this kind of crime is not a first offender (初犯);
        # default accordingly, and refuse an explicit contradiction rather than pick one silently
        if isinstance(data, dict):
            prior = data.get("recidivist") is True or data.get("prior_pi_criminal_punishment") is True
            if prior and data.get("first_offender") is True:
                raise ValueError("first_offender: true contradicts recidivist / prior_pi_criminal_punishment: true")
            if prior and "first_offender" not in data:
                data = {**data, "first_offender": False}
        return data


class Pieces(Strict):
    """Pieces (条) by the categories of Interp. Art. 5 ¶1 items (3)-(5)."""

    whereabouts: Count = 0
    communication_content: Count = 0
    credit: Count = 0
    property: Count = 0
    accommodation: Count = 0
    communication_records: Count = 0
    health: Count = 0
    transaction: Count = 0
    other_safety: Count = 0
    general: Count = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.model_dump())

    def total(self) -> int:
        return sum(self.as_dict().values())


CategoryKey = Literal["whereabouts", "communication_content", "credit", "property", "accommodation",
                      "communication_records", "health", "transaction", "other_safety", "general"]


class Contested(Strict):
    """An alternative reading: ``count`` pieces classed as ``from`` might instead be ``to``
    (``excluded`` = not personal information at all, or untrue, Interp. Art. 11 ¶3)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    count: Annotated[StrictInt, Field(gt=0)]
    from_: CategoryKey = Field(alias="from")
    to: CategoryKey | Literal["excluded"]
    note: str = ""

    @model_validator(mode="after")
    def _differs(self) -> "Contested":
        if self.from_ == self.to:
            raise ValueError("'from' and 'to' are the same category")
        return self


Consequence = Literal["death", "serious_injury", "mental_disorder", "kidnapping"]

TRIGGERS = ("whereabouts_used_in_crime", "knew_recipient_criminal", "consequences", "major_economic_loss",
            "adverse_social_impact", "set_up_website_or_group", "business_profit",
            "network_provider_refused_order")


class Facts(Strict):
    schema_: Literal["piguard.facts/1"] = Field(SCHEMA, alias="schema")
    case: str = ""
    decision_date: dt.date | None = None
    conduct: Conduct = Conduct()
    acts: Annotated[list[Act], Field(min_length=1)]
    offender: Offender = Offender()
    purpose_lawful_business: StrictBool = False
    pieces: Pieces = Pieces()
    contested: list[Contested] = []
    illegal_income: Yuan | None = Decimal(0)
    business_profit: Yuan | None = Decimal(0)
    whereabouts_used_in_crime: StrictBool | None = False
    knew_recipient_criminal: StrictBool | None = False
    consequences: list[Consequence] | None = []
    major_economic_loss: StrictBool | None = False
    adverse_social_impact: StrictBool | None = False
    set_up_website_or_group: StrictBool | None = False
    network_provider_refused_order: StrictBool | None = False   # Interp. Art. 9 → CL 286-1

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("acts")
    @classmethod
    def _unique_acts(cls, v: list[Act]) -> list[Act]:
        if len(set(v)) != len(v):
            raise ValueError("an act is listed twice")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "Facts":
        given = self.model_fields_set
        if not ({"pieces", "illegal_income"} & given or any(t in given for t in TRIGGERS)
                or {"prior_pi_criminal_punishment", "pi_admin_penalty_within_2y"} & self.offender.model_fields_set):
            raise ValueError("give at least one of: pieces, illegal_income, or a yes-no trigger "
                             f"({', '.join(TRIGGERS[:6])}, offender.prior_pi_criminal_punishment, ...)")
        pieces = self.pieces.as_dict()
        moved: dict[str, int] = {}
        for i, alt in enumerate(self.contested):
            moved[alt.from_] = moved.get(alt.from_, 0) + alt.count
            if alt.count > pieces[alt.from_]:
                raise ValueError(f"contested[{i}].count ({alt.count}) exceeds pieces.{alt.from_} ({pieces[alt.from_]})")
        if self.decision_date and self.conduct.end and self.decision_date < self.conduct.end:
            raise ValueError("decision_date is before conduct.end")
        if self.offender.annual_turnover is not None and self.offender.type != "unit":
            raise ValueError("offender.annual_turnover is only for offender.type: unit (PIPL Art. 66)")
        return self

    @property
    def sells_or_provides(self) -> bool:
        return Act.sell in self.acts or Act.provide in self.acts

    def with_pieces(self, pieces: dict[str, int]) -> "Facts":
        """The same facts with another reading of the pieces (used for contested classifications)."""
        return self.model_copy(update={"pieces": Pieces(**pieces)})


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _explain(err: ValidationError) -> list[str]:
    lines = []
    for e in err.errors():
        loc = _loc(tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-"))))
        # pydantic reports union members (e.g. "bool", "none") in the location; they are noise to a user
        loc = loc.replace(".bool", "").replace(".none", "").replace(".decimal", "")
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key"
        elif e["type"] == "missing":
            msg = "required key is missing"
        lines.append(f"{loc}: {msg} (got {e.get('input')!r})" if e["type"] not in ("missing",) else f"{loc}: {msg}")
    return lines


def parse_facts(data: Any, source: str = "<facts>") -> Facts:
    if not isinstance(data, dict):
        raise FactsError(f"{source}: expected a mapping of keys (schema {SCHEMA}), got {type(data).__name__}")
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise FactsError(f"{source}: schema: expected {SCHEMA!r}, got {schema!r}")
    try:
        return Facts.model_validate(data)
    except ValidationError as err:
        lines = _explain(err)
        raise FactsError(f"{source}: invalid facts ({len(lines)} problem{'s' if len(lines) > 1 else ''}):\n  "
                         + "\n  ".join(lines)) from None


def with_counted_pieces(data: Any, counted: dict, source: str) -> dict:
    """Facts with the pieces (and contested readings) a scan counted (``piguard.scan/1`` ``facts`` block).

    The facts must not give pieces of their own: two sources of counts would be a silent choice.
    """
    if not isinstance(data, dict):
        raise FactsError(f"{source}: expected a mapping of keys (schema {SCHEMA})")
    if data.get("pieces"):
        raise FactsError(f"{source}: pieces: the facts already give pieces; remove them to use the scan's counts")
    merged = dict(data)
    merged["pieces"] = dict(counted.get("pieces", {}))
    merged["contested"] = list(data.get("contested") or []) + list(counted.get("contested") or [])
    return merged


def read_facts_data(path: str | Path) -> Any:
    """The raw mapping of a facts file, before validation."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FactsError(f"{p}: cannot read facts file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FactsError(f"{p}: facts file is not UTF-8 text") from None
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise FactsError(f"{p}: not valid {'JSON' if p.suffix.lower() == '.json' else 'YAML'}: {exc}") from None
    return data


def load_facts(path: str | Path) -> Facts:
    """Read a facts file (``.yaml``/``.yml``/``.json``). Raises :class:`FactsError` naming the file and key."""
    return parse_facts(read_facts_data(path), str(path))
