"""Where each `spacequiz` command is defined, and its one-line summary.

A table rather than imports, so a start pays for one command's module, not for all of
them; `cli.root` builds the typer group from it and `cli.app` is the entry point.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "validate": "spacequiz.cli.bank:validate",
    "bank": "spacequiz.cli.bank:bank_command",
    "play": "spacequiz.cli.play:play",
    "schema": "spacequiz.cli.bank:schema",
    "classroom": "spacequiz.cli.classroom:classroom",
    "where": "spacequiz.cli.history:where",
    "scores": "spacequiz.cli.history:scores",
    "history": "spacequiz.cli.history:history",
    "stats": "spacequiz.cli.history:stats",
    "review": "spacequiz.cli.history:review",
    "reset": "spacequiz.cli.history:reset",
    "new": "spacequiz.cli.authoring:new",
    "add": "spacequiz.cli.authoring:add",
    "import": "spacequiz.cli.authoring:import_command",
    "export": "spacequiz.cli.authoring:export_command",
    "host": "spacequiz.cli.live:host",
    "join": "spacequiz.cli.live:join",
    "lint": "spacequiz.cli.lint:lint",
    "draft": "spacequiz.cli.draft:draft",
}
"""Each command, in the order the help lists them: "module:function" of its typer function."""

SUMMARIES: dict[str, str] = {
    "validate": "Check bank files and report every problem with its file, line and column.",
    "bank": "Show the bank at a glance: questions by type, difficulty and tag.",
    "play": "Play a quiz: questions from the bank, one at a time, with a score at the end.",
    "schema": "Print the JSON Schema of the bank format, for editors such as VS Code.",
    "classroom": "Play in class: teams take turns (or all answer) on one projector, with a"
    " leaderboard.",
    "where": "Show where the game history is kept (set SPACEQUIZ_HOME to move it).",
    "scores": "The high-score table: each player's best finished game.",
    "history": "Past games with date, score and accuracy, and each player's scores over time.",
    "stats": "Each question as played: how often it is missed, whether it separates strong from"
    " weak players, which wrong choices are picked, and the time taken; most missed first.",
    "review": "Practise the questions you most need: missed ones come back soon, known ones"
    " rarely.",
    "reset": "Delete recorded games: everyone's, or one player's with --player.",
    "new": "Start a bank file with a commented example of every question type.",
    "add": "Add a question at the end of a bank, leaving the rest of the file exactly as it is.",
    "import": "Import questions from a GIFT, Aiken, Open Trivia DB or CSV file into a new bank.",
    "export": "Export a bank as GIFT (Moodle), Aiken, Open Trivia DB JSON or CSV.",
    "host": "Host a live game: students join from a phone browser or `spacequiz join`.",
    "join": "Join a live game that 'spacequiz host' runs: answer on your own terminal.",
    "lint": "Find questions that give answers away, repeat each other or are easy to guess.",
    "draft": "Draft quiz questions from an article, offline: names, numbers, dates, who did what.",
}
"""Each command's summary for the root help (its docstring's first paragraph, checked by a
test), so listing the commands imports none of them. A command missing here still works;
the help imports its module to read it."""
