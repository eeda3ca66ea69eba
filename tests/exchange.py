"""What exchange formats (GIFT, Aiken, CSV) carry: they have no field for a family or a
reject list, so a round trip through them drops both."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from spacequiz.core.model import Question, TextQuestion


def as_exchanged(questions: Iterable[Question]) -> tuple[Question, ...]:
    dropped = []
    for question in questions:
        question = dataclasses.replace(question, family=None)
        if isinstance(question, TextQuestion):
            question = dataclasses.replace(question, reject=())
        dropped.append(question)
    return tuple(dropped)
