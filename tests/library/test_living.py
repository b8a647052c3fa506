"""The living corpus in the engine: add, merge with seed papers, refresh, restart, remove, faults."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable

import pytest

from bot.engine import Engine
from bot.library.ingest import ingest, remove
from bot.search import PaperIndex

from .conftest import ATTENTION, as_record


def test_an_added_paper_is_answerable_at_once_and_after_a_restart(
    make_engine: Callable[..., Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine()
    before = len(engine.papers)
    question = "which model reaches 28.4 BLEU on WMT 2014 English-to-German translation?"
    assert engine.get("1706.03762") is None and not engine.ask(question).found
    report = ingest(engine, [as_record(ATTENTION)], "cli:test", "terminal")
    assert report.ok and report.arrived == ("1706.03762",)
    assert [(r.arxiv_id, r.outcome, r.merged_into) for r in report.results] == [("1706.03762", "added", None)]
    assert len(engine.papers) == before + 1
    answer = engine.ask(question)
    assert answer.found and answer.citations and answer.citations[0].paper.arxiv_id == "1706.03762"
    assert engine.search("Transformer attention")[0].paper.id == "1706.03762"

    # A restart opens the index the add saved instead of building one.
    built = []
    monkeypatch.setattr(PaperIndex, "build", classmethod(lambda cls, *a, **k: built.append(1)))
    restarted = make_engine()
    assert built == []
    assert restarted.get("1706.03762") is not None
    assert restarted.search("Transformer attention")[0].paper.id == "1706.03762"


def test_the_update_serves_what_a_full_build_of_the_same_papers_would(
    make_engine: Callable[..., Engine],
) -> None:
    engine = make_engine()
    ingest(engine, [as_record(ATTENTION)], "cli:test", "terminal")
    fresh = Engine.from_papers(engine.config, engine.papers)
    for query in ("attention mechanism translation", "reinforcement learning LLM", "Vaswani", "audio"):
        assert [(h.paper.id, round(h.score, 6)) for h in engine.search(query)] == [
            (h.paper.id, round(h.score, 6)) for h in fresh.search(query)
        ]


def test_a_seed_paper_without_an_id_is_merged_not_duplicated(make_engine: Callable[..., Engine]) -> None:
    engine = make_engine()
    seed = next(p for p in engine.papers if p.title == "Magistral")
    assert seed.arxiv_id is None
    # arXiv's copy: the same abstract with arXiv's own spacing, an id, dates and authors.
    fetched = dataclasses.replace(
        seed, id="2506.10910", arxiv_id="2506.10910", abstract="  " + seed.abstract.replace(". ", ".  ", 2),
        authors=("Mistral-AI",), category="cs.CL", categories=("cs.CL",), sources=(),
    )  # fmt: skip
    before = len(engine.papers)
    report = ingest(engine, [as_record(fetched)], "cli:test", "terminal")
    (result,) = report.results
    assert result.merged_into == "Magistral" and not result.had_id
    assert len(engine.papers) == before
    merged = engine.get("2506.10910")
    assert merged is not None and merged.title == "Magistral" and merged.category == "cs.CL"
    assert [p.title for p in engine.papers].count("Magistral") == 1
    # The same paper again: unchanged, still one.
    again = ingest(engine, [as_record(fetched)], "cli:other", "guild:2")
    assert again.results[0].outcome == "unchanged" and len(engine.papers) == before


def test_a_corpus_paper_with_the_id_already_is_reported_as_such(make_engine: Callable[..., Engine]) -> None:
    engine = make_engine()
    voxtral = engine.get("2507.13264")
    assert voxtral is not None
    report = ingest(engine, [as_record(dataclasses.replace(voxtral, sources=()))], "cli:test", "terminal")
    assert report.results[0].had_id and report.results[0].merged_into == voxtral.title
    assert len(engine.papers) == len(make_engine().papers)


def test_another_engine_on_the_same_store_picks_the_paper_up(make_engine: Callable[..., Engine]) -> None:
    first, second = make_engine(), make_engine()
    ingest(first, [as_record(ATTENTION)], "discord:1", "guild:1")
    refresh = second.refresh()
    assert refresh.changed and [p.id for p in refresh.arrived] == ["1706.03762"]
    assert second.search("Transformer attention")[0].paper.id == "1706.03762"
    assert not second.refresh().changed  # nothing new: one query, no work


def test_listeners_hear_of_arrivals(make_engine: Callable[..., Engine]) -> None:
    engine = make_engine()
    heard: list[tuple[str, ...]] = []
    engine.subscribe(lambda papers: heard.append(tuple(p.id for p in papers)))
    ingest(engine, [as_record(ATTENTION)], "cli:test", "terminal")
    ingest(engine, [as_record(ATTENTION)], "cli:test", "terminal")  # unchanged: nothing arrives
    assert heard == [("1706.03762",)]


def test_a_newer_version_updates_and_a_withdrawal_takes_it_out(make_engine: Callable[..., Engine]) -> None:
    engine = make_engine()
    ingest(engine, [as_record(ATTENTION, 5)], "cli:test", "terminal")
    revised = dataclasses.replace(ATTENTION, abstract=ATTENTION.abstract + " We also study parsing.")
    report = ingest(engine, [as_record(revised, 6)], "cli:test", "terminal")
    assert report.results[0].outcome == "updated"
    assert engine.get("1706.03762").abstract.endswith("parsing.")  # type: ignore[union-attr]
    report = ingest(engine, [as_record(revised, 7, withdrawn=True)], "cli:test", "terminal")
    assert report.results[0].outcome == "withdrawn"
    assert engine.get("1706.03762") is None


def test_remove_takes_an_added_paper_out_and_refuses_corpus_papers(
    make_engine: Callable[..., Engine],
) -> None:
    engine = make_engine()
    before = len(engine.papers)
    ingest(engine, [as_record(ATTENTION)], "cli:test", "terminal")
    assert remove(engine, "1706.03762", "admin").removed
    assert engine.get("1706.03762") is None and len(engine.papers) == before
    assert not remove(engine, "1706.03762", "admin").removed
    refused = remove(engine, "2507.13264", "admin")
    assert not refused.removed and "corpus files" in refused.message


def test_a_full_disk_adds_nothing_and_loses_nothing(make_engine: Callable[..., Engine]) -> None:
    engine = make_engine()
    ingest(engine, [as_record(ATTENTION)], "cli:test", "terminal")
    served = len(engine.papers)
    conn = engine.store.connection()
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    big = [
        as_record(
            dataclasses.replace(
                ATTENTION, id=f"2501.{i:05d}", arxiv_id=f"2501.{i:05d}", abstract=ATTENTION.abstract * 20
            )
        )
        for i in range(30)
    ]
    report = ingest(engine, big, "cli:test", "terminal")
    assert not report.ok and "disk is full" in (report.error or "")
    assert len(engine.papers) == served and engine.get("1706.03762") is not None
    assert [s.record.arxiv_id for s in engine.store.papers()] == ["1706.03762"]


def test_a_corrupt_store_leaves_the_corpus_answering(make_engine: Callable[..., Engine], tmp_path) -> None:
    path = tmp_path / "state" / "paperbot.db"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 1000)
    engine = make_engine()
    assert engine.get("2507.13264") is not None
    assert engine.ask("how long can Voxtral's audio be?").citations[0].paper.id == "2507.13264"
    report = ingest(engine, [as_record(ATTENTION)], "cli:test", "terminal")
    assert not report.ok and "damaged" in (report.error or "") and "\n" not in (report.error or "")


def test_a_locked_store_is_a_clear_error_and_the_add_can_be_retried(
    make_engine: Callable[..., Engine],
) -> None:
    engine = make_engine()
    engine.store.papers()  # created
    holder = sqlite3.connect(engine.store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        report = ingest(engine, [as_record(ATTENTION)], "cli:test", "terminal")
        assert not report.ok and "locked" in (report.error or "")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert ingest(engine, [as_record(ATTENTION)], "cli:test", "terminal").ok
