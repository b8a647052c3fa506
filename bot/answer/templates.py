"""Operator-editable answer templates: Jinja2 in a sandbox, every value made safe on the way out.

The YAML file has one mapping per flavour (``markdown``, ``text``, ``embed``) of small templates.
``finalize`` runs on every ``{{ value }}``: it neutralises mentions, and for Discord flavours escapes
markdown, so neither corpus nor user text can ping anyone or inject formatting/links, whatever the
template does. Rendered pieces lose their blank lines (so ``{% if %}`` lines vanish cleanly) and are
neutralised once more, covering literal text an operator typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateError, Undefined
from jinja2.sandbox import SandboxedEnvironment

from bot.answer.safety import escape_markdown, neutralize
from bot.settings import ConfigError

FLAVORS = ("markdown", "text", "embed")
BUNDLED = Path(__file__).resolve().parents[2] / "config" / "templates" / "answers.yaml"
# Templates every flavour must define (embed has no help/list heading: they go in its title).
REQUIRED = {
    "markdown": ("quote", "citation", "message", "suggestions_heading", "suggestion", "list_heading", "item", "more", "help"),
    "text": ("quote", "citation", "message", "suggestions_heading", "suggestion", "list_heading", "item", "more", "help"),
    "embed": ("title", "quote", "message", "suggestions_heading", "suggestion", "item", "more", "field_name", "field_value", "footer"),
}  # fmt: skip


def _safe(escape: bool) -> Callable[[Any], str]:
    def finalize(value: Any) -> str:
        if value is None or isinstance(value, Undefined):
            return ""
        text = neutralize(str(value))
        return escape_markdown(text) if escape else text

    return finalize


class Templates:
    def __init__(self, source: Mapping[str, Any], origin: str = "templates") -> None:
        self.origin = origin
        self._compiled = {}
        for flavor in FLAVORS:
            section = source.get(flavor)
            if not isinstance(section, Mapping):
                raise ConfigError(f"{origin}: missing section '{flavor}:' (a mapping of templates)")
            missing = [name for name in REQUIRED[flavor] if name not in section]
            if missing:
                raise ConfigError(f"{origin}: '{flavor}' lacks template(s): {', '.join(missing)}")
            # Unknown names render as nothing, so a template written for one kind of piece is
            # harmless in another.
            env = SandboxedEnvironment(finalize=_safe(escape=flavor != "text"), autoescape=False)
            for name, text in section.items():
                if not isinstance(text, str):
                    raise ConfigError(f"{origin}: '{flavor}.{name}' must be text")
                try:
                    self._compiled[flavor, name] = env.from_string(text)
                except TemplateError as exc:
                    line = getattr(exc, "lineno", None)
                    where = f" line {line}" if line else ""
                    raise ConfigError(f"{origin}: template '{flavor}.{name}'{where}: {exc}") from None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Templates:
        """The templates in ``path`` (the bundled ones when None); ConfigError naming what is wrong."""
        file = Path(path) if path else BUNDLED
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{file}: cannot read answer templates ({exc.strerror or exc})") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            raise ConfigError(f"{file}:{where} is not valid YAML ({getattr(exc, 'problem', exc)})") from None
        if not isinstance(data, Mapping):
            raise ConfigError(f"{file}: answer templates must be a mapping of flavours")
        return cls(data, str(file))

    def has(self, flavor: str, name: str) -> bool:
        return (flavor, name) in self._compiled

    def render(self, flavor: str, name: str, **values: Any) -> str:
        try:
            text = self._compiled[flavor, name].render(**values)
        except TemplateError as exc:
            # A template bug must not take the bot down: say so in the output, safely.
            text = f"[template {flavor}.{name} failed: {exc}]"
        lines = (line.rstrip() for line in text.splitlines())
        return neutralize("\n".join(line for line in lines if line.strip()))
