"""The SQLite store: migrations, transactions, faults (full disk, corruption, locks)."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.models import Paper, Source
from bot.state import (
    AddPermission,
    AddPolicy,
    Outcome,
    PaperRecord,
    Store,
    StoreCorrupt,
    StoreFull,
    StoreLocked,
    StoreTooNew,
    db,
)


def record(
    arxiv_id: str, version: int = 1, *, abstract: str = "We study things.", withdrawn: bool = False
) -> PaperRecord:
    paper = Paper(
        id=arxiv_id,
        title=f"Paper {arxiv_id}",
        abstract=abstract,
        authors=("Ada Lovelace", "Alan Turing"),
        arxiv_id=arxiv_id,
        published=datetime(2025, 7, 1).date(),
        category="cs.CL",
        categories=("cs.CL", "cs.AI"),
        sources=(Source("arxiv", 0, "arxiv-api"),),
    )
    return PaperRecord(paper, version, withdrawn, {"doi": "10.1/x"})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "state" / "paperbot.db", busy_timeout=0.2)


def test_a_paper_round_trips_with_every_field(store: Store) -> None:
    original = record("2507.13264", 2)
    assert store.add_papers([original], "cli:ada", "terminal") == [Outcome.ADDED]
    stored = store.paper("2507.13264")
    assert stored is not None
    assert stored.record == original
    assert stored.record.paper.sources == original.paper.sources
    assert (stored.added_by, stored.added_where, stored.removed) == ("cli:ada", "terminal", False)


def test_adding_the_same_paper_twice_keeps_one_row_and_says_unchanged(store: Store) -> None:
    store.add_papers([record("2507.13264")], "a", "guild:1")
    assert store.add_papers([record("2507.13264")], "b", "guild:2") == [Outcome.UNCHANGED]
    assert len(store.papers()) == 1
    assert store.papers()[0].added_by == "a"


def test_a_newer_version_updates_and_an_older_one_does_not(store: Store) -> None:
    store.add_papers([record("2507.13264", 1)], "a", "t")
    assert store.add_papers([record("2507.13264", 3, abstract="Revised.")], "a", "t") == [Outcome.UPDATED]
    assert store.add_papers([record("2507.13264", 2, abstract="Stale.")], "a", "t") == [Outcome.UNCHANGED]
    stored = store.paper("2507.13264")
    assert stored is not None and stored.record.version == 3 and stored.record.paper.abstract == "Revised."


def test_a_withdrawn_version_leaves_the_served_papers(store: Store) -> None:
    store.add_papers([record("2507.13264", 1), record("2501.00001", 1)], "a", "t")
    store.add_papers([record("2507.13264", 2, withdrawn=True)], "a", "t")
    _, serving = store.serving()
    assert [r.arxiv_id for r in serving] == ["2501.00001"]


def test_remove_then_add_again(store: Store) -> None:
    store.add_papers([record("2507.13264")], "a", "t")
    before = store.revision()
    assert store.remove_paper("2507.13264", "admin") is True
    assert store.remove_paper("2507.13264", "admin") is False
    assert store.serving()[1] == []
    assert store.revision() == before + 1
    assert store.add_papers([record("2507.13264")], "b", "t") == [Outcome.ADDED]
    assert [r.arxiv_id for r in store.serving()[1]] == ["2507.13264"]


def test_papers_keep_their_order_of_arrival(store: Store) -> None:
    ids = ["2507.00003", "2507.00001", "hep-th/9901001", "2507.00002"]
    for arxiv_id in ids:
        store.add_papers([record(arxiv_id)], "a", "t")
    store.add_papers([record("2507.00001", 2, abstract="v2")], "a", "t")
    assert [r.arxiv_id for r in store.serving()[1]] == ids


def test_the_state_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "paperbot.db"
    first = Store(path)
    first.add_papers([record("2507.13264")], "a", "t")
    first.set_add_permission(42, AddPermission(AddPolicy.ROLE, 7), "admin")
    first.advance_cursor("cs.CL", datetime(2025, 7, 3, tzinfo=UTC), 5)
    first.close()
    second = Store(path)
    assert [r.arxiv_id for r in second.serving()[1]] == ["2507.13264"]
    assert second.add_permission(42) == AddPermission(AddPolicy.ROLE, 7)
    cursor = second.cursor("cs.CL")
    assert cursor.cursor == datetime(2025, 7, 3, tzinfo=UTC) and cursor.papers == 5


def test_who_may_add_defaults_to_manage_server(store: Store) -> None:
    assert store.add_permission(1) == AddPermission(AddPolicy.MANAGE_SERVER, None)
    store.set_add_permission(1, AddPermission(AddPolicy.EVERYONE), "admin")
    assert store.add_permission(1).policy is AddPolicy.EVERYONE
    with pytest.raises(ValueError):
        store.set_add_permission(1, AddPermission(AddPolicy.ROLE, None), "admin")


def test_a_cursor_never_moves_backwards(store: Store) -> None:
    later, earlier = datetime(2025, 7, 3, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC)
    store.advance_cursor("q", later, 3)
    store.advance_cursor("q", earlier, 0)
    store.advance_cursor("q", None, 0)
    assert store.cursor("q").cursor == later
    assert store.cursor("q").papers == 3


def test_wal_mode_and_a_busy_timeout(store: Store) -> None:
    conn = store.connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 200


# -- schema versions and migrations ------------------------------------------------------------


def test_an_old_schema_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    steps = db._steps()["papers"]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    db._apply(conn, steps[0])
    conn.execute("INSERT INTO schema_versions VALUES ('papers', 1)")  # guilds and cursors: not yet
    conn.execute(
        "INSERT INTO added_papers (arxiv_id, record, version, added_by, added_where, added_at, updated_at) "
        "VALUES ('2507.13264', ?, 1, 'a', 't', 'now', 'now')",
        (db_record_text(),),
    )
    conn.close()
    store = Store(path)
    assert store.add_permission(9).policy is AddPolicy.MANAGE_SERVER  # the guilds table now exists
    assert [r.arxiv_id for r in store.serving()[1]] == ["2507.13264"]
    versions = dict(store.connection().execute("SELECT component, version FROM schema_versions"))
    assert versions == db.registered()


def db_record_text() -> str:
    from bot.state.records import paper_to_json

    return paper_to_json(record("2507.13264"))


def test_a_component_registered_later_gets_its_tables(tmp_path: Path) -> None:
    path = tmp_path / "paperbot.db"
    Store(path).add_papers([record("2507.13264")], "a", "t")
    db.register("test_extra", ["CREATE TABLE extra (x INTEGER)", "ALTER TABLE extra ADD COLUMN y TEXT"])
    try:
        store = Store(path)
        with store.write() as conn:
            conn.execute("INSERT INTO extra (x, y) VALUES (1, 'a')")
        assert store.connection().execute(
            "SELECT version FROM schema_versions WHERE component = 'test_extra'"
        ).fetchone() == (2,)
    finally:
        db._MIGRATIONS.pop("test_extra")


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "paperbot.db"
    Store(path).add_papers([record("2507.13264")], "a", "t")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE schema_versions SET version = 99 WHERE component = 'papers'")
    conn.close()
    with pytest.raises(StoreTooNew) as caught:
        Store(path).papers()
    message = str(caught.value)
    assert "newer PaperBot" in message and "storage.path" in message and "\n" not in message
    # Refused, not touched: the row and the version are as they were.
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM schema_versions WHERE component = 'papers'").fetchone() == (99,)
    assert conn.execute("SELECT count(*) FROM added_papers").fetchone() == (1,)


# -- faults ------------------------------------------------------------------------------------


def test_a_full_disk_mid_add_keeps_nothing_of_it_and_loses_nothing(store: Store) -> None:
    store.add_papers([record("2501.00001")], "a", "t")
    conn = store.connection()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    big = [record(f"2507.{i:05d}", abstract="word " * 2000) for i in range(20)]
    with pytest.raises(StoreFull) as caught:
        store.add_papers(big, "a", "t")
    assert "full" in str(caught.value) and "\n" not in str(caught.value)
    revision, serving = store.serving()
    assert [r.arxiv_id for r in serving] == ["2501.00001"]
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.add_papers(big[:1], "a", "t") == [Outcome.ADDED]
    assert store.revision() == revision + 1


def test_a_failure_inside_a_transaction_rolls_it_back(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as conn:
        conn.execute(
            "INSERT INTO added_papers (arxiv_id, record, added_by, added_where, added_at, updated_at) "
            "VALUES ('x', '{}', 'a', 't', 'n', 'n')"
        )
        raise RuntimeError("crash mid-add")
    assert store.papers() == []


def test_a_corrupt_file_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "paperbot.db"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    with pytest.raises(StoreCorrupt) as caught:
        Store(path).papers()
    assert "damaged" in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes().startswith(b"this is not")  # never overwritten


def test_a_locked_database_is_reported_after_the_busy_timeout(store: Store) -> None:
    store.add_papers([record("2501.00001")], "a", "t")
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process is writing and does not let go
    try:
        with pytest.raises(StoreLocked) as caught:
            store.add_papers([record("2507.13264")], "a", "t")
        assert "locked" in str(caught.value)
        assert [r.arxiv_id for r in store.serving()[1]] == ["2501.00001"]  # readers still read (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_concurrent_adds_of_one_paper_from_two_threads_make_one_row(tmp_path: Path) -> None:
    path = tmp_path / "paperbot.db"
    Store(path).papers()  # created and migrated
    stores = [Store(path, busy_timeout=10.0) for _ in range(8)]
    outcomes: list[Outcome] = []
    barrier = threading.Barrier(len(stores))

    def add(store: Store, n: int) -> None:
        barrier.wait()
        outcomes.extend(store.add_papers([record("2507.13264")], f"user{n}", f"guild:{n}"))

    threads = [threading.Thread(target=add, args=(s, n)) for n, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(o.value for o in outcomes) == ["added"] + ["unchanged"] * 7
    assert len(Store(path).papers()) == 1
