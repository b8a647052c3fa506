"""Discord API objects as the real API sends them (only the fields discord.py 2.x reads)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

APP_ID = 900000000000000001
BOT_ID = APP_ID  # bot users share the application's id
GUILD_ID = 900000000000000002
CHANNEL_ID = 900000000000000003
USER_ID = 900000000000000004
ADMIN_ID = 900000000000000005
DM_CHANNEL_ID = 900000000000000006
EVERYONE_ROLE = GUILD_ID  # the @everyone role has the guild's id

ALL_PERMISSIONS = str((1 << 50) - 1)
BASIC_PERMISSIONS = str(0x400 | 0x800 | 0x4000 | 0x8000 | 0x10000 | (1 << 31))  # view, send, embed, history

_ids = itertools.count(910000000000000000)


def snowflake() -> str:
    return str(next(_ids))


def now() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: int = USER_ID, name: str = "alice", *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name.title(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def bot_user() -> dict[str, Any]:
    return {**user(BOT_ID, "paperbot", bot=True), "verified": True, "mfa_enabled": False, "flags": 0}


def application() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "PaperBot",
        "icon": None,
        "description": "",
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user(ADMIN_ID, "owner"),
        "verify_key": "0" * 64,
        "flags": 0,
        "bot": bot_user(),
    }


def text_channel(channel_id: int = CHANNEL_ID, name: str = "papers") -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def member(user_id: int, name: str, *, permissions: str = BASIC_PERMISSIONS) -> dict[str, Any]:
    return {
        "user": user(user_id, name),
        "roles": [],
        "joined_at": now(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "nick": None,
        "permissions": permissions,
    }


def guild() -> dict[str, Any]:
    return {
        "id": str(GUILD_ID),
        "name": "Test Server",
        "icon": None,
        "owner_id": str(ADMIN_ID),
        "unavailable": False,
        "large": False,
        "member_count": 3,
        "features": [],
        "roles": [
            {
                "id": str(EVERYONE_ROLE),
                "name": "@everyone",
                "permissions": BASIC_PERMISSIONS,
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }
        ],
        "channels": [text_channel()],
        "threads": [],
        "members": [member(BOT_ID, "paperbot")],
        "emojis": [],
        "stickers": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "system_channel_flags": 0,
        "joined_at": now(),
    }


def ready(session_id: str, resume_url: str, shard: list[int] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "v": 10,
        "user": bot_user(),
        "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "application": {"id": str(APP_ID), "flags": 0},
        "private_channels": [],
        "relationships": [],
    }
    if shard is not None:
        data["shard"] = shard
    return data


def message(
    content: str = "",
    *,
    author: dict[str, Any] | None = None,
    channel_id: int = CHANNEL_ID,
    guild_id: int | None = GUILD_ID,
    mentions: list[dict[str, Any]] | None = None,
    embeds: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
    flags: int = 0,
    message_id: str | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": message_id or snowflake(),
        "channel_id": str(channel_id),
        "author": author or user(),
        "content": content,
        "timestamp": now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": mentions or [],
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds or [],
        "components": components or [],
        "pinned": False,
        "type": 0,
        "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def interaction(
    kind: int,
    data: dict[str, Any],
    *,
    user_id: int = USER_ID,
    permissions: str = BASIC_PERMISSIONS,
    in_dm: bool = False,
    message_payload: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload; ``kind`` 2 = command, 3 = component, 4 = autocomplete."""
    payload: dict[str, Any] = {
        "id": snowflake(),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"itoken-{snowflake()}",
        "version": 1,
        "data": data,
        "locale": "en-US",
        "app_permissions": ALL_PERMISSIONS,
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 1 if in_dm else 0,
        "attachment_size_limit": 8 * 1024 * 1024,
    }
    if in_dm:
        payload["channel_id"] = str(DM_CHANNEL_ID)
        payload["channel"] = {"id": str(DM_CHANNEL_ID), "type": 1, "recipients": [user(user_id)]}
        payload["user"] = user(user_id)
    else:
        payload["guild_id"] = str(GUILD_ID)
        payload["guild_locale"] = "en-US"
        payload["channel_id"] = str(CHANNEL_ID)
        payload["channel"] = text_channel()
        payload["member"] = member(
            user_id, "alice" if user_id == USER_ID else "user", permissions=permissions
        )
    if message_payload is not None:
        payload["message"] = message_payload
    return payload


def slash(name: str, guild: bool = True, **options: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": snowflake(),
        "name": name,
        "type": 1,
        "options": [_option(key, value) for key, value in options.items()],
    }
    if guild:
        data["guild_id"] = str(GUILD_ID)
    return data


def autocomplete(name: str, focused: str, value: str, **others: Any) -> dict[str, Any]:
    data = slash(name, **others)
    data["options"].append({**_option(focused, value), "focused": True})
    return data


def button_click(custom_id: str) -> dict[str, Any]:
    return {"custom_id": custom_id, "component_type": 2}


def message_command(name: str, target: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": snowflake(),
        "name": name,
        "type": 3,
        "target_id": target["id"],
        "resolved": {"messages": {target["id"]: target}},
        "guild_id": str(GUILD_ID),
    }


def _option(name: str, value: Any) -> dict[str, Any]:
    kind = 4 if isinstance(value, int) and not isinstance(value, bool) else 3
    return {"name": name, "type": kind, "value": value}
