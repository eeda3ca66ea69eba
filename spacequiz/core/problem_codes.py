"""Every code a bank problem can carry, each with what it means: the one list.

A code names the kind of problem and never changes with the wording, so scripts (and our
own commands) branch on it, never on a message. `validate --json` shows it; the README
lists the same codes, and a test keeps the two lists equal.
"""

from __future__ import annotations

PROBLEM_CODES: dict[str, str] = {
    # Reading the file
    "no-such-file": "the named file does not exist",
    "not-a-file": "the path is a folder, a device, a FIFO or a socket, not a bank file",
    "unreadable": "the file or folder cannot be read (permissions, an I/O error)",
    "empty-folder": "a folder named as a bank holds no .yaml files",
    "too-large": "the file is larger than 16 MiB",
    "not-utf8": "the file is not UTF-8 text",
    # YAML itself
    "yaml-syntax": "the text is not valid YAML",
    "tab-indent": "a tab in the indentation",
    "second-document": "a second YAML document after '---'",
    "too-deep": "values nested more than 64 levels deep",
    "alias-bomb": "aliases that expand to more than 100,000 values",
    "bad-alias": "an alias with no anchor above it, or one inside what it names",
    "duplicate-key": "the same key twice in one mapping",
    "yaml-tag": "a YAML tag, which a bank never needs",
    "merge-key": "a YAML merge key ('<<')",
    "ambiguous-number": "unquoted text that other YAML tools read as a number (1e3)",
    "yaml11-number": "a number YAML 1.1 reads otherwise than it looks (010, 1:30, 1_000)",
    # The bank's shape
    "empty-bank": "the file holds nothing",
    "not-a-mapping": "a bank or a question that is not a mapping of keys",
    "bad-version": "a format version this spacequiz does not read",
    "no-questions": "the bank's question list is empty",
    # Keys and values
    "unknown-key": "a key the bank format does not have",
    "not-for-type": "a key that belongs to another question type",
    "missing-key": "a required key is missing",
    "empty-value": "a required value is empty",
    "empty-entry": "an empty entry in a list",
    "wrong-type": "a value of the wrong kind (text, number, true/false, list)",
    "bad-character": "text with a character no file can hold (a lone surrogate such as \\ud800)",
    "not-finite": "a number too large to hold, or not a number at all (NaN)",
    "too-few": "a list with fewer entries than its type needs",
    "too-long": "a text value longer than 10,000 characters",
    "unknown-type": "a question type that does not exist",
    "unknown-value": "a value outside its allowed set (difficulty)",
    "bad-id": "an id that is not a simple slug",
    "bad-family": "a family that is not a simple slug",
    # One question's meaning
    "answer-not-in-choices": "an answer that is not one of the choices",
    "duplicate-choice": "two choices that are the same",
    "duplicate-answer": "the same answer twice in a multi question",
    "duplicate-item": "two items of an order question that are the same",
    "negative-tolerance": "a number question's tolerance below zero",
    # Across questions
    "duplicate-id": "two questions with one id (in a file, across files, or in the bank added to)",
}
