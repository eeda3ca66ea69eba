"""What recording a big live game in the history costs: the server's side and the disk's.

N players answer Q questions through the live game's rules (no network: the server's part is
the `on_answer` call, which is what its event loop pays). Every question comes as one burst,
every player answering at once, which is the worst case for the loop and for the disk.
Measured in one run, in a throwaway SPACEQUIZ_HOME:

- the `record` call the event loop makes per answer (p50, p99, max);
- the time until every answer is committed, and how many transactions that took;
- the same answers written one transaction each, as a baseline; the ratio holds on any machine.

    python benchmarks/live_history.py [--players 1000] [--questions 10]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="spacequiz-bench-"))
    os.environ["SPACEQUIZ_HOME"] = str(home)

    from spacequiz.bank.load import load_banks
    from spacequiz.cli.live_history import LiveHistory
    from spacequiz.core.engine import Filters, select
    from spacequiz.live.game import LiveGame
    from spacequiz.storage.history import Store, database_path, now_iso

    bank = load_banks([])
    filters = Filters(types=("choice",))
    rounds = select(bank, filters, args.questions, random.Random(7)).rounds
    tokens = iter(f"token-{i:06d}" for i in range(args.players + 10))
    game = LiveGame(
        rounds,
        code="424242",
        new_token=lambda: next(tokens),
        time_limit=30.0,
        max_players=args.players,
    )
    players = [game.join("424242", f"Player {i}").player for i in range(args.players)]
    rng = random.Random(1)
    history = LiveHistory(bank, filters, 7, len(rounds), print, stamp=now_iso)
    calls: list[float] = []
    began = time.perf_counter()
    now = 0.0
    game.start(now)
    for number in range(1, len(rounds) + 1):
        for player in players:
            now += 0.001
            game.answer(player, number, rng.randrange(len(game.round.options)), now)
            start = time.perf_counter()
            history.record(player, game.round)
            calls.append(time.perf_counter() - start)
        game.reveal()
        if number < len(rounds):
            game.next(now)
    history.close(finished=True)
    batched = time.perf_counter() - began
    answers = len(calls)
    with Store.open(database_path()) as store:
        stored = store.connection.execute("SELECT count(*) FROM answers").fetchone()[0]

    # The baseline: the same answers, one transaction each, into a fresh game.
    with Store.open(database_path()) as store:
        gid = store.start_game(mode="live", bank_title="b", bank_fingerprint="f", planned=1)
        ids = store.add_participants(gid, [(p.name, "player") for p in players])
        start = time.perf_counter()
        for number in range(1, len(rounds) + 1):
            for pid, player in zip(ids, players, strict=True):
                outcome = player.answers[number].outcome
                store.record_answers(gid, [(pid, number, outcome, now_iso())])
        single = time.perf_counter() - start

    micro = [c * 1e6 for c in calls]
    print(f"live history: {args.players} players x {len(rounds)} questions = {answers} answers")
    print(
        f"  record() on the event loop: p50 {statistics.median(micro):.1f} us, "
        f"p99 {percentile(micro, 0.99):.1f} us, max {max(micro):.0f} us"
    )
    print(
        f"  batched writer: all {stored} answers committed {batched:.2f} s after the first, "
        f"in {history.commits} transactions ({answers / batched:,.0f} answers/s)"
    )
    print(
        f"  one transaction per answer: {single:.2f} s ({answers / single:,.0f} answers/s); "
        f"the batched writer took {batched / single:.2f}x that time"
    )
    if stored != answers:
        raise SystemExit(f"lost answers: {answers} given, {stored} stored")


if __name__ == "__main__":
    main()
