"""A local stand-in for Discord's API: the gateway websocket and the REST routes PaperBot uses.

It speaks to the real discord.py client over loopback, records every REST request and gateway
frame for assertions, and lets a test dispatch events (MESSAGE_CREATE, INTERACTION_CREATE) or
drop the connection. Messages the bot creates are kept, with their components, so a test can
click their buttons like a user would.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from . import limits, payloads

API_PREFIX = "/api/v10"
MESSAGE_CALLBACKS = {4, 7}
LOADING = 128  # message flag of a deferred reply still "thinking"
RESPONSE_DEADLINE = 3.0  # seconds Discord waits for the first response to an interaction
# How long a wait may go without its event before the test calls it a hang. Waits end on their
# event, so a passing test never sits this out; it is generous because a shared 2-core machine
# under load runs the bot many times slower than an idle one (and a test must not depend on that).
PATIENCE = 120.0
REJECTED_TOKEN = "revoked-token"  # the double answers 401 to this one, like Discord to a reset token  # interaction callback types that carry a message (new / update)


@dataclass
class Recorded:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    body: Any
    at: float = field(default_factory=time.monotonic)
    status: int = 0  # what the double answered

    @property
    def message_body(self) -> dict[str, Any] | None:
        """The message this request creates or edits, if it is one of those."""
        if self.path.endswith("/callback"):
            data = self.body.get("data") if self.body.get("type") in MESSAGE_CALLBACKS else None
            return data
        if re.fullmatch(r"/(webhooks/\d+/[^/]+(/messages/[^/]+)?|channels/\d+/messages(/\d+)?)", self.path):
            return self.body if self.method in ("POST", "PATCH") else None
        return None


Handler = Callable[[web.Request, re.Match[str], Any], Awaitable[web.Response]]


@dataclass
class Fault:
    """The next ``times`` requests matching ``method`` and ``path`` fail with ``status``."""

    method: str
    path: re.Pattern[str]
    status: int
    times: int
    retry_after: float = 0.0  # for 429
    is_global: bool = False  # a 429 of the global limit rather than of the route's bucket

    def response(self) -> web.Response:
        if self.status != 429:
            return json_response(
                {"message": f"{self.status}: double: injected failure", "code": 0}, self.status
            )
        return rate_limited(self.retry_after, is_global=self.is_global)


def rate_limited(retry_after: float, *, is_global: bool) -> web.Response:
    """A 429 as Discord sends it: body and headers (discord.py treats one without Via as a ban)."""
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
        "code": 0,
    }
    headers = {"Retry-After": str(math.ceil(retry_after)), "Via": "1.1 google"}
    if is_global:
        headers |= {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}
    else:
        headers |= {
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Bucket": "double-bucket",
            "X-RateLimit-Scope": "user",
        }
    response = json_response(body, 429)
    response.headers.update(headers)
    return response


def json_response(data: Any, status: int = 200) -> web.Response:
    # discord.py only parses bodies whose Content-Type is exactly "application/json" (no charset).
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json")


class DiscordDouble:
    def __init__(self, *, heartbeat_ms: int = 41_250, shards: int = 1, sharded: bool = False) -> None:
        self.heartbeat_ms = heartbeat_ms
        self.shards = shards
        self.sharded = sharded  # READY carries "shard" (AutoShardedBot expects it)
        self.requests: list[Recorded] = []
        self.frames: list[dict[str, Any]] = []  # client -> gateway, tokens redacted
        self.messages: dict[str, dict[str, Any]] = {}
        self.by_token: dict[str, list[Recorded]] = {}  # interaction token -> its REST requests
        self.answered: dict[str, Recorded] = {}  # interaction token -> first request carrying a message
        self.created: dict[str, float] = {}  # interaction id -> when it was dispatched
        self.original: dict[str, str] = {}  # interaction token -> id of its response message
        # interaction token -> id of the first message answering it (response, or followup after a
        # deferral: which one depends on how fast the engine was)
        self.posted: dict[str, str] = {}
        self.identifies = 0
        self.resumes = 0
        self.faults: list[Fault] = []
        self.ack_delay = 0.0  # heartbeat ACKs on the current connection wait this long (0: at once)
        self._late_acks: set[asyncio.Task[None]] = set()
        self._changed = asyncio.Condition()
        self._dispatched: list[dict[str, Any]] = []  # every dispatch, for RESUME replay
        self._socket: web.WebSocketResponse | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = [
            ("GET", re.compile(r"/users/@me"), self._me),
            ("GET", re.compile(r"/oauth2/applications/@me"), self._application),
            ("GET", re.compile(r"/gateway(/bot)?"), self._gateway_info),
            ("PUT", re.compile(r"/applications/\d+(/guilds/\d+)?/commands"), self._put_commands),
            ("POST", re.compile(r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback"), self._callback),
            ("POST", re.compile(r"/webhooks/\d+/(?P<token>[^/]+)"), self._followup),
            (
                "PATCH",
                re.compile(r"/webhooks/\d+/(?P<token>[^/]+)/messages/(?P<mid>[^/]+)"),
                self._edit_webhook,
            ),
            (
                "DELETE",
                re.compile(r"/webhooks/\d+/(?P<token>[^/]+)/messages/(?P<mid>[^/]+)"),
                self._no_content,
            ),
            ("POST", re.compile(r"/channels/(?P<cid>\d+)/messages"), self._create_message),
            ("PATCH", re.compile(r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)"), self._edit_message),
            ("POST", re.compile(r"/channels/\d+/typing"), self._no_content),
            ("PUT", re.compile(r"/channels/\d+/messages/\d+/reactions/[^/]+/@me"), self._no_content),
            ("POST", re.compile(r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)/threads"), self._thread),
        ]

    # ---- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        for task in self._late_acks:
            task.cancel()
        if self._socket is not None and not self._socket.closed:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def rest_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # ---- waiting ---------------------------------------------------------------------------
    async def wait_until(self, predicate: Callable[[], Any], timeout: float = PATIENCE) -> Any:
        """Wait (bounded) until ``predicate()`` is truthy; returns its value."""
        async with asyncio.timeout(timeout), self._changed:
            return await self._changed.wait_for(predicate)

    async def wait_for_all(self, done: Callable[[], int], total: int, stall: float = PATIENCE) -> None:
        """Wait until ``done()`` reaches ``total``, however long steady progress takes: fail only
        when it stops moving for ``stall`` seconds (a lost reply or a deadlock, not a slow machine)."""
        async with self._changed:
            while (seen := done()) < total:
                try:
                    async with asyncio.timeout(stall):
                        await self._changed.wait_for(lambda: done() != seen)
                except TimeoutError:
                    raise AssertionError(f"no progress for {stall:.0f} s at {seen} of {total}") from None

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def for_token(self, token: str) -> list[Recorded]:
        """Every REST request answering the interaction with this token, in order."""
        return list(self.by_token.get(token, ()))

    async def reply_to(self, interaction: dict[str, Any], timeout: float = PATIENCE) -> dict[str, Any]:
        """The first message body the bot sent for ``interaction`` (response, followup or edit)."""
        token = interaction["token"]
        record = await self.wait_until(lambda: self.answered.get(token), timeout)
        return record.message_body

    async def interact(self, interaction: dict[str, Any], timeout: float = PATIENCE) -> dict[str, Any]:
        await self.dispatch("INTERACTION_CREATE", interaction)
        return await self.reply_to(interaction, timeout)

    # ---- gateway ---------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._socket is not None and not self._socket.closed

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        if event == "INTERACTION_CREATE":
            self.created[data["id"]] = time.monotonic()
        frame = {"op": 0, "t": event, "s": len(self._dispatched) + 1, "d": data}
        self._dispatched.append(frame)
        if self.connected:
            await self._socket.send_str(json.dumps(frame))  # type: ignore[union-attr]

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the gateway socket from the server side, as Discord does now and then."""
        assert self._socket is not None
        await self._socket.close(code=code, message=b"double: dropped")

    async def invalidate_session(self, *, resumable: bool) -> None:
        """Op 9 INVALID_SESSION: the client resumes (``resumable``) or identifies anew."""
        assert self._socket is not None
        await self._socket.send_str(json.dumps({"op": 9, "d": resumable, "s": None, "t": None}))

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        *,
        times: int = 1,
        retry_after: float = 0.0,
        is_global: bool = False,
    ) -> Fault:
        """Make the next ``times`` ``method`` requests whose path matches the regex ``path`` fail."""
        fault = Fault(method, re.compile(path), status, times, retry_after, is_global)
        self.faults.append(fault)
        return fault

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._socket = ws
        self.ack_delay = 0.0  # a zombie connection is one connection: the next one is healthy
        await ws.send_str(
            json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_ms}, "s": None, "t": None})
        )
        async for msg in ws:
            if msg.type is WSMsgType.TEXT:
                await self._on_frame(json.loads(msg.data))
        for task in self._late_acks:  # ACKs owed to this dead connection go nowhere
            task.cancel()
        await self._notify()
        return ws

    async def _on_frame(self, frame: dict[str, Any]) -> None:
        op, data = frame.get("op"), frame.get("d")
        if isinstance(data, dict) and "token" in data:
            data = {**data, "token": "<redacted>"}
        self.frames.append({"op": op, "d": data})
        if op == 1:
            await self._ack(self._socket)  # type: ignore[arg-type]
        elif op == 2:
            self.identifies += 1
            await self._identify(frame["d"])
        elif op == 6:
            self.resumes += 1
            await self._resume(frame["d"])
        await self._notify()

    async def _ack(self, socket: web.WebSocketResponse) -> None:
        ack = json.dumps({"op": 11, "d": None, "s": None, "t": None})
        if not self.ack_delay:
            await socket.send_str(ack)
            return

        async def late() -> None:
            await asyncio.sleep(self.ack_delay)
            if not socket.closed:
                await socket.send_str(ack)

        task = asyncio.create_task(late())
        self._late_acks.add(task)
        task.add_done_callback(self._late_acks.discard)

    async def _identify(self, data: dict[str, Any]) -> None:
        shard = data.get("shard") if self.sharded else None
        self._dispatched.clear()
        ready = payloads.ready(f"session-{self.identifies}", self.gateway_url, shard)
        await self.dispatch("READY", ready)
        await self.dispatch("GUILD_CREATE", payloads.guild())

    async def _resume(self, data: dict[str, Any]) -> None:
        # Replay what the client missed while away, then RESUMED: Discord's resume semantics.
        missed = [frame for frame in self._dispatched if frame["s"] > (data.get("seq") or 0)]
        for frame in missed:
            await self._socket.send_str(json.dumps(frame))  # type: ignore[union-attr]
        await self.dispatch("RESUMED", {})

    # ---- REST ------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        json_body = request.can_read_body and request.content_type == "application/json"
        record = Recorded(
            request.method, path, dict(request.query), await request.json() if json_body else None
        )
        self.requests.append(record)
        response = self._injected(record) or self._refused(record) or await self._route(request, record)
        record.status = response.status
        token = _interaction_token(path)
        if token is not None:
            self.by_token.setdefault(token, []).append(record)
            if record.message_body is not None and response.status < 300:
                self.answered.setdefault(token, record)
        await self._notify()
        return response

    def _refused(self, record: Recorded) -> web.Response | None:
        """400 Invalid Form Body, as Discord answers, for anything over its limits (or that pings)."""
        problems = limits.request_problems(record.path, record.body)
        if not problems:
            return None
        return json_response({"message": "Invalid Form Body", "code": 50035, "errors": problems}, 400)

    def _injected(self, record: Recorded) -> web.Response | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method == record.method and fault.path.fullmatch(record.path):
                fault.times -= 1
                return fault.response()
        return None

    async def _route(self, request: web.Request, record: Recorded) -> web.Response:
        if request.headers.get("Authorization") == f"Bot {REJECTED_TOKEN}":
            return json_response({"message": "401: Unauthorized", "code": 0}, 401)
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(record.path)
            if match and method == request.method:
                return await handler(request, match, record.body)
        return json_response({"message": f"double: no route {request.method} {record.path}", "code": 0}, 404)

    async def _me(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        return json_response(payloads.bot_user())

    async def _application(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        return json_response(payloads.application())

    async def _gateway_info(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return json_response({"url": self.gateway_url, "shards": self.shards, "session_start_limit": limit})

    async def _put_commands(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        created = [
            {
                "description": "",
                **command,
                "id": payloads.snowflake(),
                "application_id": str(payloads.APP_ID),
                "version": "1",
            }
            for command in body
        ]
        return json_response(created)

    async def _callback(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        kind, data = body["type"], body.get("data") or {}
        token = match["token"]
        created = self.created.get(match["id"])
        if created is not None and time.monotonic() - created > RESPONSE_DEADLINE:
            # As Discord does: an interaction not answered within 3 seconds is gone.
            return json_response({"message": "Unknown interaction", "code": 10062}, 404)
        result: dict[str, Any] = {"interaction": {"id": match["id"], "type": 2}}
        if kind == 4:
            message = self._store(payloads.message(author=payloads.bot_user(), **_message_fields(data)))
            self.original[token] = message["id"]
            self.posted.setdefault(token, message["id"])
            result["interaction"]["response_message_id"] = message["id"]
            result["resource"] = {"type": 4, "message": message}
        elif kind == 5:
            # As Discord does: a deferred reply is an @original "thinking" message that the
            # bot's edit of @original later fills in.
            ephemeral = (data.get("flags") or 0) & 64
            message = self._store(payloads.message(author=payloads.bot_user(), flags=LOADING | ephemeral))
            self.original[token] = message["id"]
            result["interaction"]["response_message_id"] = message["id"]
            result["interaction"]["response_message_loading"] = True
            result["interaction"]["response_message_ephemeral"] = bool((data.get("flags") or 0) & 64)
        elif kind == 7:
            result["resource"] = {"type": 7}
        return json_response(result)

    async def _followup(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        thinking = self.messages.get(self.original.get(match["token"], ""))
        if thinking is not None and thinking.get("flags", 0) & LOADING:
            # As Discord does: the first followup after a defer replaces the "thinking" message.
            body = {**body, "flags": (body.get("flags") or 0) | (thinking["flags"] & 64)}
            return json_response(self._update(thinking["id"], body))
        message = self._store(payloads.message(author=payloads.bot_user(), **_message_fields(body)))
        self.posted.setdefault(match["token"], message["id"])
        return json_response(message)

    async def _edit_webhook(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        mid = self.original.get(match["token"]) if match["mid"] == "@original" else match["mid"]
        return json_response(self._update(mid, body))

    async def _create_message(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        fields = _message_fields(body)
        message = payloads.message(author=payloads.bot_user(), channel_id=int(match["cid"]), **fields)
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
        return json_response(self._store(message))

    async def _edit_message(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        return json_response(self._update(match["mid"], body))

    async def _no_content(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        return web.Response(status=204)

    async def _thread(self, request: web.Request, match: re.Match[str], body: Any) -> web.Response:
        thread = {
            **payloads.text_channel(int(payloads.snowflake()), body.get("name", "thread")),
            "type": 11,
            "parent_id": match["cid"],
            "owner_id": str(payloads.BOT_ID),
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": payloads.now(),
                "locked": False,
            },
            "message_count": 0,
            "member_count": 1,
        }
        return json_response(thread)

    def _store(self, message: dict[str, Any]) -> dict[str, Any]:
        self.messages[message["id"]] = message
        return message

    def _update(self, message_id: str | None, body: dict[str, Any]) -> dict[str, Any]:
        message = self.messages.get(message_id or "") or payloads.message(author=payloads.bot_user())
        message.update(_message_fields(body))
        message["flags"] = message.get("flags", 0) & ~LOADING  # filled in: no longer "thinking"
        return self._store(message)


TOKEN_IN_PATH = re.compile(r"/(?:interactions/\d+|webhooks/\d+)/(?P<token>[^/]+)")


def _interaction_token(path: str) -> str | None:
    match = TOKEN_IN_PATH.match(path)
    return match["token"] if match else None


def _message_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The parts of a send/edit body that become the stored message."""
    fields: dict[str, Any] = {}
    for key in ("content", "embeds", "components", "flags"):
        if body.get(key) is not None:
            fields[key] = body[key]
    return fields
