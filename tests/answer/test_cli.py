from __future__ import annotations

import json

import pytest

from bot.cli.main import main as paperbot


@pytest.fixture
def index_env(config, monkeypatch, tmp_path):
    """The CLI with the session's config file choices but an index folder of its own."""
    override = tmp_path / "test.yaml"
    override.write_text(f"search:\n  index_dir: {tmp_path / 'index'}\n", encoding="utf-8")
    return ["--config", str(override)]


def test_ask_json(index_env, capsys) -> None:
    assert paperbot(["ask", "how long can Voxtral's audio be?", "--json", *index_env]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["found"] is True and out["query"] == "how long can Voxtral's audio be?"
    first = out["citations"][0]
    assert set(first) >= {"rank", "paper_id", "arxiv_id", "title", "summary", "url", "score", "evidence"}
    assert (
        first["arxiv_id"] == "2507.13264"
        and "40 minutes" in first["evidence"][0]
        and "40 minutes" in out["answer"]
    )


def test_ask_plain_text_no_answer(index_env, capsys) -> None:
    assert paperbot(["ask", "how", "do", "I", "bake", "sourdough", "bread", *index_env]) == 0
    assert "nothing in the corpus" in capsys.readouterr().out


def test_paper_json_and_not_found(index_env, capsys) -> None:
    assert paperbot(["paper", "https://arxiv.org/abs/2507.13264v2", "--json", *index_env]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["title"] == "Voxtral" and record["url"] == "https://arxiv.org/abs/2507.13264"
    assert paperbot(["paper", "gema", "open", "models", *index_env]) == 0
    assert "Gemma" in capsys.readouterr().out
    assert paperbot(["paper", "mistral", *index_env]) == 1
    err = capsys.readouterr().err
    assert "no paper matches" in err and "Magistral" in err and "Ministral 3" in err


def test_chat_keeps_follow_up_memory(index_env, capsys, monkeypatch) -> None:
    lines = iter(["papers by amelie heliou", "who wrote the second one?", "quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert paperbot(["chat", *index_env]) == 0
    out = capsys.readouterr().out
    assert "Papers by Amélie Héliou" in out and "is by" in out


def test_chat_ends_on_eof(index_env, monkeypatch) -> None:
    def eof(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", eof)
    assert paperbot(["chat", *index_env]) == 0
