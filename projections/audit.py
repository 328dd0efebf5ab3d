"""The read model recomputed for the audit replay (``ledger.replay``): the same projector
that keeps it current folds the replayed events into a scratch SQLite database, the stored
tables are copied beside them, and every row that differs is reported, naming the event
(a movement's id is its notification id) or the line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from ledger.replay import Fact
from ledger.scratch import Scratch
from ledger.tables import TRACKING_TABLE
from ledger.verify import Problem, stream
from projections.projector import APPLICATION, Projector
from projections.schema import code_names, line_months, lines, metadata, movements, units

FETCH = 5000
# Each table, its key, and how a difference is named.
TABLES: tuple[tuple[Table, tuple[str, ...]], ...] = (
    (units, ("code",)),
    (lines, ("key",)),
    (code_names, ("scheme", "code")),
    (movements, ("id",)),
    (line_months, ("line_key", "month")),
)
_LABELS = {
    "unit": "单位",
    "line": "指标",
    "code_name": "科目名称",
    "movement": "发生额",
    "line_month": "指标月度合计",
}


class ReadModelAudit:
    """An ``Observer`` of the replay: rebuilds the read model in scratch, then compares."""

    def __init__(self) -> None:
        self._scratch = Scratch()
        engine = create_engine(
            "sqlite://",
            creator=lambda: self._scratch.db,
            poolclass=StaticPool,
        )
        self._scratch.db.execute("COMMIT")
        metadata.create_all(engine)
        self._engine = engine
        self._session = Session(engine)
        self._projector = Projector(self._session)
        self.position = 0  # the stored read model's tracking position

    def take(self, facts: list[Fact]) -> None:
        self._projector.project(facts)

    def finish(
        self, connection: Connection, last_id: int, report: Callable[[Problem], None]
    ) -> None:
        try:
            self._finish(connection, last_id, report)
        finally:
            self._session.close()
            self._engine.dispose()
            self._scratch.close()

    def _finish(
        self, connection: Connection, last_id: int, report: Callable[[Problem], None]
    ) -> None:
        self._projector.finish()
        self._session.flush()
        db = self._scratch.db
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        position = connection.exec_driver_sql(
            f"SELECT notification_id FROM {TRACKING_TABLE} WHERE application_name = {mark}",
            (APPLICATION,),
        ).scalar()
        self.position = position or 0
        if self.position != last_id:
            report(
                Problem(
                    self.position,
                    None,
                    0,
                    f"读模型的进度记为通知号 {self.position:,}，而最后一个事件是通知号 {last_id:,}"
                    "（读模型未跟上，或进度被改动；可运行 rebuild 重建）",
                )
            )
        names = self._line_names()
        for table, key in TABLES:
            columns = [c.name for c in table.columns]
            stored = f"stored_{table.name}"
            db.execute(f"CREATE TABLE {stored} AS SELECT * FROM {table.name} WHERE 0")
            self._scratch.copy(
                stored,
                columns,
                stream(
                    connection,
                    f"SELECT {', '.join(columns)} FROM {table.name}",
                    f"replay_{table.name}",
                    FETCH,
                ),
            )
            for k, ours, theirs in self._scratch.differences(table.name, stored, key, columns):
                report(_problem(table, key, columns, k, ours, theirs, names))

    def _line_names(self) -> dict[int, str]:
        return {
            key: f"指标 {unit}/{year}/{code}"
            for key, unit, year, code in self._scratch.db.execute(
                "SELECT key, unit, year, code FROM line"
            )
        }


def _problem(
    table: Table,
    key: tuple[str, ...],
    columns: list[str],
    k: tuple[Any, ...],
    ours: tuple[Any, ...] | None,
    theirs: tuple[Any, ...] | None,
    names: dict[int, str],
) -> Problem:
    ordered = [*key, *(c for c in columns if c not in key)]
    row = dict(zip(ordered, ours or theirs or (), strict=False))
    label = _LABELS[table.name]
    if table is movements:
        line = names.get(row.get("line_key") or -1, f"单位 {row.get('unit')}/{row.get('year')}")
        where = f"读模型{label}（通知号 {k[0]:,} 的事件，{line}）"
    elif table is lines:
        where = f"读模型{label}行（{names.get(k[0], f'键 {k[0]}')}，建立于通知号 {k[0]:,}）"
    elif table is line_months:
        where = f"读模型{label}（{names.get(k[0], f'指标键 {k[0]}')}，{k[1]} 月）"
    else:
        where = f"读模型{label}（{' / '.join(map(str, k))}）"
    if theirs is None:
        what = "缺少应有的一行"
    elif ours is None:
        what = "多出一行，没有事件与之对应"
    else:
        changed = [
            f"{c} 存为 {b if b is not None else '空'}，按事件应为 {a if a is not None else '空'}"
            for c, a, b in zip(ordered, ours, theirs, strict=True)
            if a != b
        ]
        what = "与事件不符：" + "；".join(changed[:4])
    return Problem(k[0] if table is movements else 0, None, 0, f"{where}：{what}")
