"""Applying a performance row (journal-format.md, *Performance facts*): find the project it
names among the unit's lines of that year, then hand the row to the project's performance
aggregate. Mixed into ``Recording``: the same unit of work, lookups and flushes as money."""

from __future__ import annotations

from typing import Any

from ledger.domain.book import Book
from ledger.domain.errors import LedgerError
from ledger.domain.line import Line
from ledger.domain.performance.ids import performance_id
from ledger.domain.performance.project import ProjectPerformance
from ledger.domain.values import Kind
from ledger.journal.row import JournalRow


class UnknownProject(LedgerError):
    """A performance row names no project of the unit's lines in its year."""


class Projects:
    """The projects of one unit's year, from its lines: code → name, name → codes (None for
    a line with a name and no code)."""

    def __init__(self) -> None:
        self.names: dict[str, str | None] = {}
        self.codes: dict[str, set[str | None]] = {}

    def add(self, project: str | None, code: str | None) -> None:
        if code:
            self.names.setdefault(code, project)
        if project:
            self.codes.setdefault(project, set()).add(code)

    def resolve(self, unit: str, year: int, project: str | None, code: str | None) -> str:
        """The project's key: its code, or its name when it has none."""
        where = f"单位 {unit} 的 {year} 年度"
        hint = "（项目须先由项目支出指标的年初批复或上年结转建立）"
        if code:
            if code not in self.names:
                raise UnknownProject(f"{where}没有项目编码为 {code} 的项目{hint}", "project_code")
            known = self.names[code]
            if project and known and project != known:
                raise UnknownProject(
                    f"项目编码 {code} 的项目名称为「{known}」，本行为「{project}」", "project"
                )
            return code
        assert project is not None
        codes = self.codes.get(project)
        if not codes:
            raise UnknownProject(f"{where}没有名为「{project}」的项目{hint}", "project")
        if None in codes:
            return project
        if len(codes) > 1:
            raise UnknownProject(
                f"名为「{project}」的项目有多个项目编码（{'、'.join(sorted(codes))}），"  # type: ignore[arg-type]
                "请填写项目编码",
                "project_code",
            )
        return next(iter(codes))  # type: ignore[return-value]


class PerformanceRows:
    """What ``Recording`` gains for the performance kinds (see ``ledger.recording``)."""

    _projects: dict[tuple[str, int], Projects]

    # Provided by Recording.
    _get: Any
    _line: Any
    _new: Any
    _emit: Any
    _id: Any
    _book_id: Any

    def _projects_of(self, unit: str, year: int) -> Projects:
        known = self._projects.get((unit, year))
        if known is None:
            known = self._projects[(unit, year)] = Projects()
            book: Book | None = self._get(self._book_id(unit, year))
            for code in book.lines if book is not None else ():
                line: Line = self._line(unit, year, code)
                known.add(line.project, line.project_code)
        return known

    def _line_opened(self, line: Line) -> None:
        """A line opened in this command: its project is known from now on."""
        known = self._projects.get((line.unit, line.year))
        if known is not None:
            known.add(line.project, line.project_code)

    def _performance(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        unit, year = row.unit, row.year
        key = self._projects_of(unit, year).resolve(unit, year, row.project, row.project_code)
        # The same row whether it named the project by code, name or both.
        fact["row_hash"] = row.row_hash(project=None, project_code=key)
        project: ProjectPerformance | None = self._get(self._id(performance_id, unit, year, key))
        if project is None:
            project = self._new(
                ProjectPerformance.create(
                    unit=unit,
                    year=year,
                    project=key,
                    effective_date=fact["effective_date"],
                    doc=fact["doc"],
                    actor=fact["actor"],
                    timestamp=fact["timestamp"],
                )
            )
        assert project is not None
        levels = (row.level1 or "", row.level2 or "", row.indicator or "")
        if row.kind is Kind.TARGET:
            new = project.set_target(*levels, row.target or "", **fact)
        elif row.kind is Kind.TARGET_REVISION:
            new = project.revise_target(*levels, row.target or "", row.reason or "", **fact)
        elif row.kind is Kind.PROGRESS:
            new = project.observe(*levels, row.actual or "", **fact)
        else:
            new = project.evaluate(
                *levels,
                target=row.target or "",
                actual=row.actual or "",
                weight=row.weight,
                score=row.score,
                reason=row.reason or "",
                **fact,
            )
        if new:
            self._emit(project)
        return new
