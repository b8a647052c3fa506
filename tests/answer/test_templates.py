from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.answer.render import Renderer
from bot.answer.safety import has_mention
from bot.answer.templates import BUNDLED, Templates
from bot.answer.types import Answer, AnswerKind, Citation
from bot.models import Paper
from bot.settings import ConfigError


def bundled() -> dict:
    return yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def test_operator_restyles_without_code(tmp_path: Path) -> None:
    data = bundled()
    data["text"]["quote"] = ">> {{ texts | join(' / ') }} <<{{ rank }}>>"
    renderer = Renderer(Templates.load(write(tmp_path, data)))
    paper = Paper(id="p", title="T", abstract="A.")
    answer = Answer("q", AnswerKind.ANSWER, "", (Citation(1, paper, 1.0, "A.", ("One.", "Two.")),))
    assert renderer.text(answer).splitlines()[0] == ">> One. / Two. <<1>>"


def test_operator_text_cannot_ping_either(tmp_path: Path) -> None:
    data = bundled()
    data["markdown"]["message"] = "@everyone look: {{ text }} <@&42>"
    renderer = Renderer(Templates.load(write(tmp_path, data)))
    output = renderer.markdown(Answer("q", AnswerKind.NO_ANSWER, "nothing"))
    assert "look: nothing" in output and not has_mention(output)


def test_sandbox_blocks_python_internals(tmp_path: Path) -> None:
    data = bundled()
    data["text"]["message"] = "{{ text.__class__.__mro__[1].__subclasses__() }}"
    renderer = Renderer(Templates.load(write(tmp_path, data)))
    output = renderer.text(Answer("q", AnswerKind.NO_ANSWER, "x"))
    assert (
        output == "[template text.message failed: access to attribute '__class__' of 'str' object is unsafe.]"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("markdown: [unclosed", "not valid YAML"),
        ("just text", "mapping of flavours"),
        ({"markdown": {}, "text": {}, "embed": {}}, "lacks template"),
        ({"text": {}}, "missing section 'markdown:'"),
    ],
)
def test_bad_template_files_name_the_problem(tmp_path: Path, content, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Templates.load(write(tmp_path, content))


def test_template_syntax_error_names_the_template(tmp_path: Path) -> None:
    data = bundled()
    data["embed"]["footer"] = "{% if %}"
    with pytest.raises(ConfigError, match=r"embed\.footer"):
        Templates.load(write(tmp_path, data))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        Templates.load(tmp_path / "nope.yaml")
