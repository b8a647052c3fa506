"""Typed, validated settings: YAML layers merged onto dataclass defaults.

Each layer declares its own settings dataclass (``bot/<layer>/settings.py``); this module only knows
how to turn nested mappings into those dataclasses and how to say precisely what is wrong.
Constraints live beside the field as metadata: ``field(default=1.5, metadata=bounds(0, 10))``.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# Three base64url parts (user id, timestamp, HMAC): a Discord bot token pasted into the wrong key.
_TOKEN_SHAPE = re.compile(r"[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}")


class ConfigError(ValueError):
    """A setting is wrong; the message names the key and the fix, in one line."""


def bounds(low: float | None = None, high: float | None = None) -> dict[str, Any]:
    return {"min": low, "max": high}


def choices(*allowed: str) -> dict[str, Any]:
    return {"choices": allowed}


PATH_KEY = {"path": True}


def path_field(default: str | None) -> Any:
    """A filesystem path; relative values are resolved against the config file's folder."""
    return dataclasses.field(default=default, metadata=PATH_KEY)


def paths_field(*default: str) -> Any:
    return dataclasses.field(default_factory=lambda: list(default), metadata=PATH_KEY)


def build(cls: type[T], data: Any, *, key: str = "", base: Path | None = None, origin: str = "config") -> T:
    """Return ``cls`` with ``data`` (a mapping, possibly partial) applied over its defaults."""
    return _merge(cls(), data, key=key, base=base, origin=origin)  # type: ignore[call-arg]


def merge(current: T, data: Any, *, key: str = "", base: Path | None = None, origin: str = "config") -> T:
    """Return a copy of the settings object ``current`` with ``data`` applied over it."""
    return _merge(current, data, key=key, base=base, origin=origin)


def _merge(current: Any, data: Any, *, key: str, base: Path | None, origin: str) -> Any:
    if data is None:
        return current
    if not isinstance(data, dict):
        raise ConfigError(
            f"{origin}: '{key or 'top level'}' must be a mapping of settings, got {_kind(data)}"
        )
    hints = typing.get_type_hints(type(current))
    fields = {f.name: f for f in dataclasses.fields(current)}
    changes: dict[str, Any] = {}
    for name, value in data.items():
        full = f"{key}.{name}" if key else str(name)
        if name not in fields:
            hint = difflib.get_close_matches(str(name), fields, n=1, cutoff=0.5)
            fix = (
                f"did you mean '{key + '.' if key else ''}{hint[0]}'?"
                if hint
                else f"known keys: {', '.join(fields)}"
            )
            raise ConfigError(f"{origin}: unknown key '{full}'; {fix}")
        spec = fields[name]
        expected = hints[name]
        if dataclasses.is_dataclass(expected):
            changes[name] = _merge(getattr(current, name), value, key=full, base=base, origin=origin)
        else:
            checked = _coerce(value, expected, full, origin)
            changes[name] = _check_meta(checked, spec.metadata, full, origin, base)
    return dataclasses.replace(current, **changes)


def _coerce(value: Any, expected: Any, key: str, origin: str) -> Any:
    origin_type = typing.get_origin(expected)
    args = typing.get_args(expected)
    if origin_type in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for option in (a for a in args if a is not type(None)):
            try:
                return _coerce(value, option, key, origin)
            except ConfigError as exc:
                errors.append(exc)
        raise errors[0]
    if origin_type is list:
        if not isinstance(value, list):
            value = [value] if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value
        if not isinstance(value, list):
            raise ConfigError(f"{origin}: '{key}' must be a list, got {_kind(value)}")
        return [_coerce(item, args[0], f"{key}[{i}]", origin) for i, item in enumerate(value)]
    if origin_type is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple(_coerce(value, list[args[0]], key, origin))  # type: ignore[valid-type]
    if origin_type is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{origin}: '{key}' must be a mapping, got {_kind(value)}")
        return {str(k): _coerce(v, args[1], f"{key}.{k}", origin) for k, v in value.items()}
    if expected is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{origin}: '{key}' must be true or false, got {_kind(value)}")
    if expected is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError(f"{origin}: '{key}' must be a whole number, got {_kind(value)}")
    if expected is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise ConfigError(f"{origin}: '{key}' must be a number, got {_kind(value)}")
    if expected is str:
        if isinstance(value, str):
            return value
        raise ConfigError(f"{origin}: '{key}' must be text, got {_kind(value)}")
    return value


def _check_meta(value: Any, meta: typing.Mapping[str, Any], key: str, origin: str, base: Path | None) -> Any:
    low, high = meta.get("min"), meta.get("max")
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            if low is not None and item < low:
                raise ConfigError(f"{origin}: '{key}' must be at least {low}, got {item}")
            if high is not None and item > high:
                raise ConfigError(f"{origin}: '{key}' must be at most {high}, got {item}")
    allowed = meta.get("choices")
    if allowed and value not in allowed:
        raise ConfigError(
            f"{origin}: '{key}' must be one of {', '.join(map(str, allowed))}, got {_kind(value)}"
        )
    if meta.get("path") and base is not None and value is not None:
        return [_resolve(p, base) for p in value] if isinstance(value, list) else _resolve(value, base)
    return value


def _resolve(path: str, base: Path) -> str:
    candidate = Path(path).expanduser()
    return str(candidate if candidate.is_absolute() else (base / candidate).resolve())


def looks_like_token(value: object) -> bool:
    return isinstance(value, str) and _TOKEN_SHAPE.search(value) is not None


def _kind(value: Any) -> str:
    """How an offending value is shown in an error: briefly, and never a pasted secret."""
    if value is None:
        return "nothing"
    if looks_like_token(value):
        return "what looks like a Discord token (not repeated here; tokens belong in DISCORD_TOKEN)"
    text = repr(value)
    return f"{type(value).__name__} {text[:40]}"
