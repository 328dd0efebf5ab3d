"""A budget unit (预算单位) and what the journal registers about it.

The name, type and department are registered the first time each is given; giving a
different one later is refused, so that reports never mix two units under one code.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.domain.errors import RegistrationConflict
from ledger.domain.facts import QuickEvents, Recorded
from ledger.domain.ids import unit_id

_LABELS = {
    "name": ("unit_name", "单位名称"),
    "unit_type": ("unit_type", "单位类型"),
    "department": ("department", "主管部门"),
}


class Unit(QuickEvents, Aggregate):
    class Registered(Aggregate.Created):
        code: str
        effective_date: date
        doc: str
        actor: str

    @classmethod
    def create(cls, **fields: Any) -> Any:
        """Create with the fields of the Registered event (``timestamp`` included)."""
        return cls._create(cls.Registered, **fields)

    @staticmethod
    def create_id(code: str) -> UUID:
        return unit_id(code)

    def __init__(self, code: str, effective_date: date, doc: str, actor: str) -> None:
        self.code = code
        self.name: str | None = None
        self.unit_type: str | None = None
        self.department: str | None = None

    def describe(
        self,
        name: str | None,
        unit_type: str | None,
        department: str | None,
        **provenance: object,
    ) -> None:
        """Register what is given and not yet known; refuse what contradicts the register."""
        given = {"name": name, "unit_type": unit_type, "department": department}
        new: dict[str, str | None] = {}
        for field, value in given.items():
            if value is None:
                new[field] = None
                continue
            known = getattr(self, field)
            if known is None:
                new[field] = value
            elif known != value:
                column, label = _LABELS[field]
                raise RegistrationConflict(
                    f"单位 {self.code} 已登记{label}「{known}」，与本行「{value}」不一致",
                    column=column,
                )
            else:
                new[field] = None
        if any(v is not None for v in new.values()):
            self.trigger_event(self.Described, code=self.code, **new, **provenance)

    class Described(Recorded):
        code: str
        name: str | None
        unit_type: str | None
        department: str | None

        def apply(self, unit: Unit) -> None:
            for field in ("name", "unit_type", "department"):
                value = getattr(self, field)
                if value is not None:
                    setattr(unit, field, value)
