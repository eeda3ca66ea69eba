"""The live protocol's frames (docs/live-protocol.md): reading what clients send, building what
they receive. Pure: no network; the server moves the bytes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from spacequiz.core.classroom import Standing
from spacequiz.core.engine import Round
from spacequiz.core.looks import look_of
from spacequiz.core.model import NumberQuestion
from spacequiz.live.game import LiveError, Player, Reveal, options_of

VERSION = 1
MAX_FRAME_BYTES = 4096
TOP = 5
FATAL = frozenset(
    {
        "bad_version",
        "bad_code",
        "too_many_attempts",
        "bad_name",
        "name_taken",
        "bad_token",
        "locked",
        "full",
    }
)
KNOWN_TYPES = frozenset({"join", "answer", "ping"})


def read_frame(text: str | bytes) -> dict[str, Any]:
    """One client frame as a dict with a known `type`, or LiveError with the protocol's code."""
    if isinstance(text, bytes):
        raise LiveError("bad_message", "send JSON text frames, not binary ones")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # deep nesting raises RecursionError, not ValueError
        raise LiveError("bad_message", "that frame is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise LiveError("bad_message", "a frame is a JSON object with a 'type'")
    if data["type"] not in KNOWN_TYPES:
        raise LiveError("unknown_type", "unknown frame type")
    if data["type"] == "join":
        if data.get("v", VERSION) != VERSION:
            raise LiveError("bad_version", f"this host speaks protocol version {VERSION}")
        for name in ("code", "name"):
            if not isinstance(data.get(name), str):
                raise LiveError("bad_message", f"'join' needs '{name}' as a string")
        if data.get("token") is not None and not isinstance(data["token"], str):
            raise LiveError("bad_message", "'token' is a string")
    if data["type"] == "answer" and "question" not in data:
        raise LiveError("bad_message", "'answer' needs 'question' and 'answer'")
    return data


def dump(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def error(code: str, message: str) -> str:
    return dump({"type": "error", "code": code, "message": message})


def you(player: Player, rank: int | None) -> dict[str, Any]:
    return {
        "name": player.name,
        "score": player.score,
        "rank": rank,
        "streak": player.session.streak,
    }


def question(round_: Round, *, seconds: float | None, answered: bool) -> dict[str, Any]:
    """A question as players see it: nothing in it marks the right answer."""
    q = round_.question
    unit = q.unit if isinstance(q, NumberQuestion) else None
    return {
        "type": "question",
        "number": round_.number,
        "total": round_.of,
        "kind": q.type,
        "prompt": q.prompt,
        "options": list(options_of(round_)),
        # Each option's shape and colour by name: the projector's, from the same table.
        "looks": [
            {"shape": look_of(i).shape, "colour": look_of(i).colour}
            for i in range(len(options_of(round_)))
        ],
        "unit": unit,
        "seconds": None if seconds is None else round(seconds, 1),
        "answered": answered,
    }


def reveal(shown: Reveal, player: Player, rank: int | None) -> dict[str, Any]:
    got = player.answers.get(shown.number)
    outcome = got.outcome if got else None
    mine = you(player, rank) | {
        "given": None if outcome is None or outcome.timed_out else outcome.given,
        "correct": bool(outcome and outcome.correct),
        "credit": outcome.credit if outcome else 0.0,
        "points": outcome.points if outcome else 0,
    }
    return {
        "type": "reveal",
        "number": shown.number,
        "answer": shown.answer,
        "correct": list(shown.correct),
        "counts": list(shown.counts),
        "explanation": shown.explanation,
        "you": mine,
    }


def board(standings: Sequence[Standing], limit: int = TOP) -> list[dict[str, Any]]:
    return [
        {"rank": s.rank, "name": s.team, "score": s.score, "movement": s.movement}
        for s in standings[:limit]
    ]
