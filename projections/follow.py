"""Following the event store live with eventsourcing's ``ProjectionRunner`` (PostgreSQL).

By default every command brings the read model up to date in its own transaction. With
``BUDGET_LEDGER_PROJECTIONS=follow``, commands only record events and a long-running
``budget-ledger follow`` process keeps the read model current, woken by PostgreSQL's
LISTEN/NOTIFY. Each event it is handed makes it catch up in batches from its tracking
position, so that a large import is projected a few thousand events per transaction;
events it has already covered are skipped without touching the database.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing_sqlalchemy.recorders import SQLAlchemyTrackingRecorder

from ledger.application import Ledger
from ledger.store import database_url
from projections.maintain import catch_up, position
from projections.projector import APPLICATION


class ReadModelView(SQLAlchemyTrackingRecorder):
    """The read model as the materialised view of a ``ProjectionRunner``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._covered = 0

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.transaction(commit=False) as session:
            return position(session) if application_name == APPLICATION else None

    def process(self, notification_id: int) -> None:
        if notification_id <= self._covered:
            return
        with self.transaction(commit=True) as session:
            catch_up(session)
            self._covered = position(session)


class ReadModelProjection(Projection[ReadModelView]):
    name = "projection"  # names the tracking table projection_tracking

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.process(tracking.notification_id)


def runner(url: str | None = None) -> ProjectionRunner[Ledger, ReadModelView]:
    env = {**Ledger.env, "SQLALCHEMY_URL": database_url(url)}
    return ProjectionRunner(
        application_class=Ledger,
        projection_class=ReadModelProjection,
        view_class=ReadModelView,
        env=env,
    )


def follow_forever(url: str | None = None) -> None:
    url = database_url(url)
    if not url.startswith("postgresql"):
        raise ValueError("follow 仅用于 PostgreSQL；SQLite 上每条命令完成时读模型已同步更新")
    with runner(url) as r:
        r.run_forever()
