"""CLI commands of the answer layer: `ask`, `paper`, `chat`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.answer.types import Answer
from bot.config import Config
from bot.engine import Engine

CHAT_CONVERSATION = "cli:chat"
QUIT = {"quit", "exit", ":q", "bye"}


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ask = commands.add_parser(
        "ask", parents=[common], help="answer a question from the corpus, citing papers",
        description="Answer QUESTION with quotes from the best matching abstracts and cited papers.",
    )  # fmt: skip
    ask.add_argument("question", nargs="+", help="the question (quotes optional)")
    ask.add_argument("--json", action="store_true", help="machine-readable answer")
    ask.set_defaults(handler=run_ask)

    paper = commands.add_parser(
        "paper", parents=[common], help="show one paper by arXiv id, URL or (approximate) title",
        description="Print one paper record; exit status 1 with the closest titles when none matches.",
    )  # fmt: skip
    paper.add_argument("query", nargs="+", help="arXiv id, arxiv.org URL, or title words")
    paper.add_argument("--json", action="store_true", help="the full record as JSON")
    paper.set_defaults(handler=run_paper)

    chat = commands.add_parser(
        "chat", parents=[common], help="interactive session with follow-up questions",
        description="Ask questions one after another; follow-ups like “who wrote [2]?” work. Ctrl-D or 'quit' ends.",
    )  # fmt: skip
    chat.set_defaults(handler=run_chat)


def run_ask(args: argparse.Namespace, config: Config) -> int:
    engine = Engine.load(config)
    answer = engine.ask(" ".join(args.question))
    print(
        json.dumps(answer_json(answer), ensure_ascii=False, indent=2)
        if args.json
        else engine.renderer.text(answer)
    )
    return 0


def run_paper(args: argparse.Namespace, config: Config) -> int:
    engine = Engine.load(config)
    query = " ".join(args.query)
    paper = engine.paper(query)
    if paper is None:
        closest = engine.closest_titles(query, limit=5)
        lines = [f"paperbot: no paper matches “{query}”."]
        if closest:
            lines.append("Closest titles:")
            lines += [f"  {p.arxiv_id or p.id}  {p.title}" for p in closest]
        print("\n".join(lines), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(paper.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(engine.renderer.text(engine.describe(paper)))
    return 0


def run_chat(args: argparse.Namespace, config: Config) -> int:
    engine = Engine.load(config)
    print(
        f"PaperBot — {len(engine.papers)} papers. Ask a question; 'help' for ideas, Ctrl-D or 'quit' to leave."
    )
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            print()
            return 0
        if question.lower() in QUIT:
            return 0
        if question:
            print(engine.renderer.text(engine.ask(question, conversation=CHAT_CONVERSATION)), end="\n\n")


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "query": answer.query,
        "kind": answer.kind.value,
        "found": answer.found,
        "answer": answer.lead,
        "citations": [
            {
                "rank": c.rank,
                "paper_id": c.paper.id,
                "arxiv_id": c.paper.arxiv_id,
                "title": c.paper.title,
                "summary": c.summary,
                "url": c.paper.url,
                "score": round(c.score, 6),
                "evidence": list(c.evidence),
            }
            for c in answer.citations
        ],
        "suggestions": [{"paper_id": p.id, "title": p.title, "url": p.url} for p in answer.suggestions],
    }
