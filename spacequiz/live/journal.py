"""A live game as a list of events, and the game rebuilt from them after a crash.

The server records every change (a join with its token, an answer with its exact time into
the question, each step the host takes); replaying the events through the same rules gives
back the same players, answers and scores. Pure: the events come and go as plain dicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacequiz.core.names import name_key
from spacequiz.live.game import LiveError, LiveGame

JOURNAL_VERSION = 1


def replay(game: LiveGame, events: Iterable[dict[str, Any]]) -> float:
    """Apply recorded events to a fresh game built from the same setup.

    Every question is replayed as if it opened at 0, each answer at its recorded time.
    Returns how far into the open question the last event came (0 when none is open), so
    the host can give the players the time that was left. The players who were playing when
    the host stopped (joined or back, and not left or kicked since) become `game.awaiting`:
    every connection dropped with the host, and the question waits for them to come back.
    """
    into = 0.0
    playing: set[str] = set()
    for number, event in enumerate(events, start=2):  # the setup is line 1
        kind = event.get("e")
        try:
            if kind == "join":
                joined = game.join(game.code, str(event["name"]), new_token=str(event["token"]))
                game.leave(joined.player)  # until they reconnect with their token
                playing.add(joined.player.key)
            elif kind in ("left", "back"):
                key = name_key(str(event["name"]))
                if kind == "left":
                    playing.discard(key)
                elif key in game.players:
                    playing.add(key)
            elif kind == "answer":
                player = game.players.get(name_key(str(event["name"])))
                if player is not None:
                    at = float(event["t"])
                    if not 0 <= at < 1e9:  # seconds into the question; not inf, not NaN
                        raise ValueError(f"no time into a question: {event['t']!r}")
                    game.answer(player, event["q"], event["a"], now=game.opened_at + at)
                    into = max(into, at)
            elif kind == "start":
                game.start(0.0)
                into = 0.0
            elif kind == "reveal":
                game.reveal()
            elif kind == "next":
                game.next(0.0)
                into = 0.0
            elif kind == "kick":
                game.kick(str(event["name"]))
                playing.discard(name_key(str(event["name"])))
            elif kind == "extra":
                game.give_extra_time(str(event["name"]), float(event["factor"]))
            elif kind == "lock":
                game.locked = bool(event["on"])
            elif kind == "end":
                game.finish()
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise LiveError("bad_journal", f"line {number}: {kind} event: {error}") from None
        except LiveError as refused:  # a recorded event the game's own rules refuse
            raise LiveError("bad_journal", f"line {number}: {kind} event: {refused}") from None
    if game.phase != "finished":
        game.awaiting = playing & set(game.players)
    return into if game.phase == "question" else 0.0
