"""Discord's documented limits on what a bot sends, checked independently of the bot's own code.

The double answers 400 (Invalid Form Body, as Discord does) to a message, embed, thread name or
autocomplete answer that breaks them, and tests list every problem in the traffic.
"""

from __future__ import annotations

import re
from typing import Any

CONTENT = 2000
EMBEDS = 10
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
THREAD_NAME = 100
# What Discord turns into a ping: @everyone, @here, <@id>, <@!id>, <@&id>.
MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d", re.IGNORECASE)


def message_problems(body: dict[str, Any]) -> list[str]:
    problems = []
    content = body.get("content") or ""
    if len(content) > CONTENT:
        problems.append(f"content is {len(content)} characters")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS:
        problems.append(f"{len(embeds)} embeds")
    for embed in embeds:
        problems += embed_problems(embed)
    return problems + mention_problems(content, *(text for embed in embeds for text in embed_texts(embed)))


def embed_texts(embed: dict[str, Any]) -> list[str]:
    texts = [embed.get("title") or "", embed.get("description") or ""]
    texts.append((embed.get("footer") or {}).get("text") or "")
    texts.append((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        texts += [field.get("name") or "", field.get("value") or ""]
    return texts


def embed_problems(embed: dict[str, Any]) -> list[str]:
    problems = []
    for key, limit in (("title", TITLE), ("description", DESCRIPTION)):
        if len(embed.get(key) or "") > limit:
            problems.append(f"embed {key} is {len(embed[key])} characters")
    if len((embed.get("footer") or {}).get("text") or "") > FOOTER:
        problems.append("embed footer too long")
    if len((embed.get("author") or {}).get("name") or "") > AUTHOR:
        problems.append("embed author too long")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS:
        problems.append(f"{len(fields)} embed fields")
    for field in fields:
        name, value = field.get("name") or "", field.get("value") or ""
        if not 0 < len(name) <= FIELD_NAME or not 0 < len(value) <= FIELD_VALUE:
            problems.append(f"embed field of {len(name)}/{len(value)} characters")
    total = sum(len(text) for text in embed_texts(embed))
    if total > EMBED_TOTAL:
        problems.append(f"embed of {total} characters")
    return problems


def choice_problems(body: dict[str, Any], value_max: int = CHOICE_VALUE) -> list[str]:
    choices = (body.get("data") or {}).get("choices") or []
    problems = [f"{len(choices)} choices"] if len(choices) > CHOICES else []
    for choice in choices:
        name, value = str(choice.get("name", "")), str(choice.get("value", ""))
        if not 0 < len(name) <= CHOICE_NAME:
            problems.append(f"choice name of {len(name)} characters")
        if not 0 < len(value) <= min(value_max, CHOICE_VALUE):
            problems.append(f"choice value of {len(value)} characters (option takes {value_max})")
    return problems


def thread_problems(body: dict[str, Any]) -> list[str]:
    name = body.get("name") or ""
    problems = [f"thread name of {len(name)} characters"] if not 0 < len(name) <= THREAD_NAME else []
    return problems + mention_problems(name)


def mention_problems(*texts: str) -> list[str]:
    return [f"would ping: {MENTION.search(text)[0]!r}" for text in texts if MENTION.search(text)]


def request_problems(path: str, body: Any) -> list[str]:
    """What Discord would refuse (or what would ping) in one REST request the bot made."""
    if not isinstance(body, dict):
        return []
    if path.endswith("/callback"):
        if body.get("type") == 8:  # autocomplete result
            return choice_problems(body)
        data = body.get("data")
        return message_problems(data) if isinstance(data, dict) else []
    if path.endswith("/threads"):
        return thread_problems(body)
    if re.fullmatch(r"/(webhooks/\d+/[^/]+(/messages/[^/]+)?|channels/\d+/messages(/\d+)?)", path):
        return message_problems(body)
    return []
