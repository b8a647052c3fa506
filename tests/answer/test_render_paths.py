"""A message and an embed show a list or a no-answer through one composer: they agree."""

from __future__ import annotations

import yaml

from bot.answer.render import Renderer
from bot.answer.templates import BUNDLED, Templates
from bot.answer.types import Answer, AnswerKind, Citation
from bot.models import Paper


def same_templates_renderer(tmp_path) -> Renderer:
    """Embeds styled exactly like markdown messages, so both faces can be compared."""
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    data["embed"].update(
        {
            name: data["markdown"][name]
            for name in ("message", "suggestions_heading", "suggestion", "item", "more")
        }
    )
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return Renderer(Templates.load(path))


PAPERS = tuple(
    Paper(id=f"p{i}", title=f"Paper number {i}", abstract="An abstract.", arxiv_id=f"2501.0000{i}")
    for i in range(3)
)


def test_a_list_is_the_same_in_a_message_and_an_embed(tmp_path) -> None:
    renderer = same_templates_renderer(tmp_path)
    answer = Answer(
        "q",
        AnswerKind.PAPERS,
        "Papers by X",
        tuple(Citation(i + 1, p, 0.0, "") for i, p in enumerate(PAPERS)),
        matched=7,
    )
    message, embed = renderer.markdown(answer), renderer.embed(answer)
    heading, body = message.split("\n", 1)
    assert "Papers by X" in heading and body == embed.description


def test_a_no_answer_is_the_same_in_a_message_and_an_embed(tmp_path) -> None:
    renderer = same_templates_renderer(tmp_path)
    answer = Answer("q", AnswerKind.NO_ANSWER, "Nothing in the corpus on that.", suggestions=PAPERS)
    assert renderer.markdown(answer) == renderer.embed(answer).description


def test_a_long_no_answer_keeps_its_suggestions_in_the_embed_too() -> None:
    """The lead is shortened level by level in both faces (the embed used to keep it whole and
    then lose the suggestions to the last-resort clip)."""
    renderer = Renderer(Templates.load())
    answer = Answer("q", AnswerKind.NO_ANSWER, "Nothing found. " * 400, suggestions=PAPERS)
    assert "Paper number 2" in renderer.markdown(answer)
    assert "Paper number 2" in renderer.embed(answer).description
