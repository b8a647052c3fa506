from __future__ import annotations

from bot.discordbot.cooldowns import Cooldowns, RateLimited
from bot.discordbot.settings import CooldownSettings, RateSettings
from tests.clock import Clock


def make(
    user: tuple[int, float] = (2, 10.0), channel: tuple[int, float] = (3, 10.0)
) -> tuple[Cooldowns, Clock]:
    clock = Clock()
    settings = CooldownSettings(user=RateSettings(*user), channel=RateSettings(*channel))
    return Cooldowns(settings, clock=clock), clock


def test_a_user_is_limited_after_their_rate_and_freed_after_the_period() -> None:
    cooldowns, clock = make()
    assert cooldowns.hit(1, 100) is None
    assert cooldowns.hit(1, 100) is None
    limited = cooldowns.hit(1, 100)
    assert limited is not None and limited.scope == "user"
    assert 9.9 < limited.retry_after <= 10.0
    assert "try again in 10 s" in limited.message
    clock.now += 10.5
    assert cooldowns.hit(1, 100) is None


def test_other_users_are_not_affected_by_one_users_limit() -> None:
    cooldowns, _ = make()
    cooldowns.hit(1, 100)
    cooldowns.hit(1, 100)
    assert cooldowns.hit(1, 100) is not None
    assert cooldowns.hit(2, 200) is None


def test_a_busy_channel_limits_everyone_in_it() -> None:
    cooldowns, _ = make(user=(10, 10.0), channel=(3, 10.0))
    for user in (1, 2, 3):
        assert cooldowns.hit(user, 100) is None
    limited = cooldowns.hit(4, 100)
    assert limited is not None and limited.scope == "channel"
    assert "channel is busy" in limited.message
    assert cooldowns.hit(4, 200) is None  # the same user elsewhere is fine


def test_a_refused_request_spends_nothing() -> None:
    cooldowns, _ = make(user=(1, 10.0), channel=(2, 10.0))
    assert cooldowns.hit(1, 100) is None
    for _ in range(5):
        assert cooldowns.hit(1, 100) is not None  # user limited: the channel keeps its token
    assert cooldowns.hit(2, 100) is None


def test_dms_use_the_user_as_the_channel_and_disabled_cooldowns_never_limit() -> None:
    cooldowns, _ = make(user=(5, 10.0), channel=(1, 10.0))
    assert cooldowns.hit(1, None) is None
    assert cooldowns.hit(1, None) is not None
    off = Cooldowns(CooldownSettings(enabled=False, user=RateSettings(1, 10.0)))
    assert all(off.hit(1, 1) is None for _ in range(10))


def test_check_raises_a_check_failure_carrying_the_message() -> None:
    cooldowns, _ = make(user=(1, 10.0))
    cooldowns.check(1, 1)
    try:
        cooldowns.check(1, 1)
    except RateLimited as error:
        assert error.limited.scope == "user"
    else:
        raise AssertionError("the second use should be limited")
