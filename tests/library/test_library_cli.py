"""paperbot add / remove / sync-arxiv / import-arxiv against the loopback arXiv double."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from bot.cli.main import main as paperbot
from bot.state import Store
from tests.arxiv_double import ArxivDouble

SEMANTIC_OFF = {"semantic": {"enabled": False}}


def write_config(tmp_path: Path, arxiv: ArxivDouble, **arxiv_settings: object) -> str:
    config = {
        "search": {"index_dir": str(tmp_path / "index"), **SEMANTIC_OFF},
        "storage": {"path": str(tmp_path / "paperbot.db")},
        "arxiv": {
            "api_url": arxiv.url,
            "min_interval_seconds": 0,
            "timeout_seconds": 2,
            "retries": 0,
            **arxiv_settings,
        },
    }
    path = tmp_path / "paperbot.yaml"
    path.write_text(yaml.safe_dump(config))
    return str(path)


async def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(paperbot, list(argv))  # the double answers on this loop meanwhile
    out, err = capsys.readouterr()
    return code, out, err


def cs_cl(arxiv: ArxivDouble) -> list:
    papers = [h[-1] for h in arxiv.papers.values() if "cs.CL" in h[-1].categories]
    return sorted(papers, key=lambda v: (v.published, v.arxiv_id), reverse=True)


async def test_add_then_ask_from_the_terminal(tmp_path, arxiv_double, capsys) -> None:
    config = write_config(tmp_path, arxiv_double)
    paper = cs_cl(arxiv_double)[3]
    code, out, _ = await run(
        capsys, "add", f"arXiv:{paper.arxiv_id}v{paper.version}", "nonsense", "--json", "--config", config
    )
    assert code == 0
    result = json.loads(out)
    assert [(p["arxiv_id"], p["outcome"]) for p in result["papers"]] == [(paper.arxiv_id, "added")]
    assert result["rejected"] == ["nonsense"] and result["ok"]
    code, out, _ = await run(capsys, "ask", paper.title, "--json", "--config", config)
    assert code == 0 and paper.arxiv_id in [c["arxiv_id"] for c in json.loads(out)["citations"]]
    code, out, _ = await run(capsys, "add", paper.arxiv_id, "--config", config)
    assert code == 0 and f"{paper.arxiv_id} was already added" in out


async def test_remove_from_the_terminal(tmp_path, arxiv_double, capsys) -> None:
    config = write_config(tmp_path, arxiv_double)
    paper = cs_cl(arxiv_double)[0]
    await run(capsys, "add", paper.arxiv_id, "--config", config)
    code, out, _ = await run(capsys, "remove", f"https://arxiv.org/abs/{paper.arxiv_id}", "--config", config)
    assert code == 0 and out.startswith(f"Removed {paper.arxiv_id}")
    code, _, err = await run(capsys, "paper", paper.arxiv_id, "--config", config)
    assert code == 1
    code, _, err = await run(capsys, "remove", "2507.13264", "--config", config)
    assert code == 1 and "corpus files" in err


async def test_sync_follows_from_the_stored_cursor_without_refetching(tmp_path, arxiv_double, capsys) -> None:
    config = write_config(tmp_path, arxiv_double, follow={"categories": ["cs.CL"]}, page_size=50)
    newest = cs_cl(arxiv_double)
    code, out, _ = await run(capsys, "sync-arxiv", "--config", config)
    assert code == 0, out
    store = Store(tmp_path / "paperbot.db")
    first = {s.record.arxiv_id for s in store.papers()}
    assert newest[0].arxiv_id in first
    assert store.cursor("cat:cs.CL").cursor == newest[0].published
    # Downtime: one new submission, and a new version of an old paper (not a new submission).
    arxiv_double.revise(newest[5].arxiv_id, at=newest[0].published + timedelta(days=1))
    arxiv_double.add(
        dataclasses.replace(
            newest[1], arxiv_id="2601.00001", published=newest[0].published + timedelta(hours=3)
        )
    )
    before = len(arxiv_double.requests)
    code, out, _ = await run(capsys, "sync-arxiv", "--config", config)
    assert code == 0, out
    assert "1 fetched" in out
    assert len(arxiv_double.requests) - before == 1  # one page: it met the cursor at once
    assert "2601.00001" in {s.record.arxiv_id for s in store.papers()}


async def test_import_a_backlog(tmp_path, arxiv_double, capsys) -> None:
    config = write_config(tmp_path, arxiv_double, page_size=10)
    code, out, _ = await run(
        capsys, "import-arxiv", "--query", "cat:cs.CL", "--max", "25", "--config", config
    )
    assert code == 0 and out.startswith("fetched 25 papers; 25 new or updated")
    assert len(Store(tmp_path / "paperbot.db").papers()) == 25
    assert [r.query["start"] for r in arxiv_double.requests] == ["0", "10", "20"]


async def test_with_arxiv_off_the_terminal_says_so_and_makes_no_request(
    tmp_path, arxiv_double, capsys
) -> None:
    config = write_config(tmp_path, arxiv_double, enabled=False)
    code, _, err = await run(capsys, "add", "2507.13264", "--config", config)
    assert code == 1 and "turned off" in err
    assert arxiv_double.requests == []
