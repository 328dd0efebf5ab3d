"""``ledger.store.recorder`` leans on private parts of eventsourcing(-sqlalchemy): it
overrides and calls private methods, and skips ``SQLAlchemyFactory.__init__``. An upgrade
that renames them, changes their parameters or stops calling them would leave our code
silently bypassed or broken at the first write; this fails first, and says which."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore, Transaction
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder

from ledger.store import recorder

# What we override or call, and its signature (names, kinds and defaults; annotations
# left out) as of eventsourcing 9.5 and eventsourcing-sqlalchemy 1.0.
RELIED_ON: dict[tuple[type, str], str] = {
    (SQLAlchemyDatastore, "__init__"): (
        "(self, *, session=None, session_maker=None, url=None, autoflush=True, **engine_kwargs)"
    ),
    (SQLAlchemyDatastore, "transaction"): "(self, commit)",
    (Transaction, "__enter__"): "(self)",
    (Transaction, "__exit__"): "(self, exc_type, exc_val, exc_tb)",
    (SQLAlchemyApplicationRecorder, "insert_events"): (
        "(self, stored_events, *, session=None, **kwargs)"
    ),
    (SQLAlchemyApplicationRecorder, "_insert_stored_events"): (
        "(self, session, stored_events, **kwargs)"
    ),
    (SQLAlchemyApplicationRecorder, "_lock_table"): "(self, session)",
    (SQLAlchemyApplicationRecorder, "_notify_channel"): "(self, session)",
    (SQLAlchemyFactory, "__init__"): "(self, env)",
    (SQLAlchemyFactory, "application_recorder"): "(self)",
    (SQLAlchemyFactory, "env_create_table"): "(self)",
    (InfrastructureFactory, "__init__"): "(self, env)",
}

# Our subclasses, and the library class each of their methods overrides.
OURS: dict[type, type] = {
    recorder.LedgerDatastore: SQLAlchemyDatastore,
    recorder.BulkApplicationRecorder: SQLAlchemyApplicationRecorder,
    recorder.LedgerFactory: SQLAlchemyFactory,
}


def _shape(function: Callable[..., Any]) -> str:
    signature = inspect.signature(function)
    bare = [p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()]
    return str(signature.replace(parameters=bare, return_annotation=inspect.Signature.empty))


def _assigned(function: Callable[..., Any]) -> set[str]:
    """The attributes a method sets on ``self``."""
    return set(re.findall(r"\bself\.(\w+)\s*(?::[^=\n]+)?=(?!=)", inspect.getsource(function)))


def test_the_private_methods_we_use_keep_their_names_and_signatures() -> None:
    changed = []
    for (cls, name), expected in RELIED_ON.items():
        function = getattr(cls, name, None)
        if function is None:
            changed.append(f"{cls.__qualname__}.{name} is gone")
        elif (found := _shape(function)) != expected:
            changed.append(f"{cls.__qualname__}.{name}{found}, was {expected}")
    assert changed == []


def test_every_method_we_override_is_listed_above() -> None:
    unlisted = [
        f"{ours.__qualname__}.{name} overrides {base.__qualname__}.{name}"
        for ours, base in OURS.items()
        for name, value in vars(ours).items()
        if inspect.isfunction(value) and hasattr(base, name) and (base, name) not in RELIED_ON
    ]
    assert unlisted == []


def test_our_overrides_take_what_the_library_passes() -> None:
    mismatched = [
        f"{ours.__qualname__}.{name}{_shape(value)} vs {_shape(getattr(base, name))}"
        for ours, base in OURS.items()
        for name, value in vars(ours).items()
        if inspect.isfunction(value)
        and name != "__init__"
        and hasattr(base, name)
        and _shape(value) != _shape(getattr(base, name))
    ]
    assert mismatched == []


def test_the_library_still_calls_the_methods_we_override() -> None:
    """An override the library no longer calls would be skipped without a word."""
    calls = {
        SQLAlchemyApplicationRecorder.insert_events: ("self._insert_stored_events(",),
        SQLAlchemyFactory.application_recorder: (
            "self.application_recorder_class(",
            "self.env_create_table()",
        ),
    }
    missing = [
        f"{function.__qualname__} no longer calls {call}"
        for function, expected in calls.items()
        for call in expected
        if call not in inspect.getsource(function)
    ]
    assert missing == []


def test_the_factory_init_we_skip_sets_only_what_ours_sets() -> None:
    """``LedgerFactory.__init__`` skips ``SQLAlchemyFactory.__init__`` (it would build an
    engine of its own) and sets the attributes it sets itself; a new one would be missing."""
    assert SQLAlchemyFactory.__mro__[1] is InfrastructureFactory
    skipped = _assigned(SQLAlchemyFactory.__init__)
    ours = _assigned(recorder.LedgerFactory.__init__)
    assert skipped - ours == set(), f"SQLAlchemyFactory.__init__ now also sets {skipped - ours}"
    assert {"_schema_name", "datastore"} <= ours


def test_the_attributes_we_read_are_set_by_the_library() -> None:
    recorders = inspect.getsource(inspect.getmodule(SQLAlchemyApplicationRecorder))  # type: ignore[arg-type]
    assert "self.events_record_cls" in recorders, "recorders no longer set events_record_cls"
    assert "self.nested_level" in inspect.getsource(Transaction), "Transaction.nested_level"
    assert SQLAlchemyFactory.SQLALCHEMY_URL == "SQLALCHEMY_URL"
