"""Facts -> draft questions of every type, each citing its sentence, chosen with a seed.

Every draft is a model question tagged `draft`, in a family per source sentence, with an
explanation that restates its fact. `draft_questions` is the one entry: article text in,
drafts out, the same drafts for the same text and seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from spacequiz.core.answers import normalise
from spacequiz.core.draft import DRAFT_TAG
from spacequiz.core.draft import words as w
from spacequiz.core.draft.choosing import Candidate, Draft, choose, finished
from spacequiz.core.draft.facts import (
    Entity,
    Facts,
    Kind,
    Mention,
    Quantity,
    Span,
    When,
    find_facts,
)
from spacequiz.core.draft.numbers import neighbours, number_text, tolerance
from spacequiz.core.draft.sentences import Sentence, read_article
from spacequiz.core.draft.wording import (
    blanked,
    capitalised,
    clip,
    how_many,
    mentions_any,
    question,
    quoted,
    statement,
    subject,
)
from spacequiz.core.errors import DraftError
from spacequiz.core.ids import slugify
from spacequiz.core.model import (
    ChoiceQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    TextQuestion,
    TrueFalseQuestion,
)

__all__ = ["DEFAULT_COUNT", "DRAFT_TAG", "Draft", "draft_questions"]

DEFAULT_COUNT = 30
WRONG_CHOICES = 3
ORDER_ITEMS = 4
ITEM_WORDS = 14
"""An event in an order question is cut to about this many words."""
LONGEST_RATIO = 1.6
"""Wrong choices are picked so the right one is never this many times longer (lint L202)."""

_TAGS: dict[Kind, str] = {
    "person": "people",
    "place": "places",
    "organisation": "organisations",
    "craft": "craft",
    "work": "titles",
}
_WHICH: dict[Kind, str] = {
    "person": "Who is missing?",
    "place": "Which place is missing?",
    "organisation": "Which organisation is missing?",
    "craft": "Which name is missing?",
    "work": "Which title is missing?",
}


PROGRESS_STEPS = 1000
"""`progress` is told (steps done, PROGRESS_STEPS): half for reading, half for drafting."""


def draft_questions(
    text: str,
    source: str,
    *,
    count: int = DEFAULT_COUNT,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list[Draft]:
    """Up to `count` draft questions about the article `text`, in article order.

    Args:
        source: the article's name, for families ("everest-s3") and messages.
        progress: called now and then with (steps done, steps in all), for a long article.
    """
    half = PROGRESS_STEPS // 2

    def read(done: int, of: int) -> None:
        if progress is not None:
            progress(half * done // max(of, 1), PROGRESS_STEPS)

    article = read_article(text, read)
    if not article.sentences:
        raise DraftError(f"{source} holds no sentences to draft questions from")
    facts = find_facts(article)
    rng = random.Random(seed)
    stem = slugify(source.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "article"
    candidates = []
    reported = half
    for candidate in _candidates(facts, rng, stem):
        candidates.append(candidate)
        done = half + half * candidate.sources[0].number // len(article.sentences)
        if progress is not None and done > reported:
            reported = done
            progress(done, PROGRESS_STEPS)
    if not candidates:
        raise DraftError(
            f"{source}: found no names, numbers or dates to ask about in "
            f"{len(article.sentences)} sentences"
        )
    chosen = choose(candidates, count, rng)
    drafts = finished(chosen)
    if progress is not None:
        progress(PROGRESS_STEPS, PROGRESS_STEPS)
    return drafts


# Candidates ---------------------------------------------------------------------------------


def _candidates(facts: Facts, rng: random.Random, stem: str) -> Iterator[Candidate]:
    # Dates that other dates can borrow as wrong choices, found once for the whole article.
    dated = [
        (d.key(), d.span.text)
        for d in facts.dates
        if d.day and _date_text(d, d.day or 1, d.year) is not None
    ]
    for sentence in facts.sentences:
        family = f"{stem}-s{sentence.number}"
        mentions = facts.mentions_in(sentence)
        found: list[Candidate] = []
        partners_seen: set[str] = set()
        for mention in mentions:
            if mention.name in partners_seen:
                continue
            drafts, partners = _about_name(facts, mention, mentions, rng)
            partners_seen.update(partners)
            found += drafts
        for quantity in facts.quantities_in(sentence):
            found += _about_number(quantity, rng)
        for when in facts.dates_in(sentence):
            found += _about_date(dated, when, rng)
        truefalse = _true_or_false(facts, sentence, rng)
        if truefalse:
            found.append(truefalse)
        seen: set[str] = set()
        for candidate in found:
            key = normalise(candidate.question.prompt)
            if key in seen:
                continue
            seen.add(key)
            yield replace(candidate, question=replace(candidate.question, family=family))
    order = _order(facts, rng)
    if order:
        yield replace(order, question=replace(order.question, family=f"{stem}-order"))


def _explained(sentence: Sentence) -> str:
    return f"The article says: {quoted(clip(sentence.text))}"


def _others(facts: Facts, kind: Kind, sentence: Sentence, answer: str) -> list[Entity]:
    """Names of one kind from elsewhere in the article, none that this sentence mentions."""
    here = {m.name for m in facts.mentions_in(sentence)}
    return [e for e in facts.unrelated(kind, answer) if e.name not in here]


def _wrong_choices(answer: str, pool: Sequence[str], rng: random.Random) -> list[str] | None:
    """Up to three wrong choices close to the answer's length; None if fewer than two fit."""
    ranked = sorted(dict.fromkeys(pool), key=lambda c: (abs(len(c) - len(answer)), rng.random()))
    # 'Thai Navy SEAL' and 'Thai Navy SEALs' are one choice, and neither is the answer.
    seen = {normalise(answer).removesuffix("s")}
    picked: list[str] = []
    for choice in ranked:
        if len(picked) == WRONG_CHOICES:
            break  # the rest could not be picked (their draws are taken above all the same)
        key = normalise(choice).removesuffix("s")
        too_short = len(answer) >= len(choice) * LONGEST_RATIO and len(answer) - len(choice) >= 12
        if key not in seen and not too_short and len(picked) < WRONG_CHOICES:
            seen.add(key)
            picked.append(choice)
    return picked if len(picked) >= 2 else None


def _shuffled(items: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    result = list(items)
    rng.shuffle(result)
    return tuple(result)


def _short_forms(entity: Entity, facts: Facts) -> tuple[str, ...]:
    """Forms that also count: the surname, and single words the article uses for the person."""
    if entity.kind == "work":
        bare = re.sub(r"^(The|A|An) ", "", entity.name)
        return (bare,) if bare != entity.name else ()
    if entity.kind != "person":
        return tuple(f for f in entity.forms[1:] if len(f) > 2)
    words = entity.name.split()
    surname = words[-1] if len(words) > 1 and words[0].lower() not in w.ROYAL_TITLES else ""
    forms = [surname] if surname.isalpha() and not surname.isupper() else []
    forms += [f for f in entity.forms[1:] if len(f.split()) == 1]
    others = [e for e in facts.of_kind("person") if e.name != entity.name]
    unique = [f for f in forms if not any(f in e.name.split() for e in others)]
    return tuple(dict.fromkeys(f for f in unique if f != entity.name))


def _about_name(
    facts: Facts, mention: Mention, mentions: Sequence[Mention], rng: random.Random
) -> tuple[list[Candidate], list[str]]:
    """A 'who ...?' question (text or choice, or multi for 'A and B ...'), else a blank."""
    entity = facts.entities[mention.name]
    sentence = mention.span.sentence
    tags = (DRAFT_TAG, _TAGS[entity.kind])
    pool = [e.name for e in _others(facts, entity.kind, sentence, entity.name)]
    found: list[Candidate] = []
    partners: list[str] = []
    wh = {"person": "who", "organisation": "which organisation"}.get(entity.kind)
    said = subject(mention, mentions) if wh else None
    prompts: list[tuple[str, int]] = []
    if said and wh:
        if said.partners:
            names = [entity.name, *(facts.entities[p.name].name for p in said.partners)]
            partners = names[1:]
            forms = [f for n in names for f in facts.entities[n].forms]
            wrong = _wrong_choices(entity.name, pool, rng)
            if said.predicate and wrong and not mentions_any(said.intro + said.predicate, forms):
                prompt = question(said.intro, wh, said.predicate, "Select all that apply.")
                choices = _shuffled([*names, *wrong[:2]], rng)
                multi = MultiQuestion(
                    id="",
                    prompt=prompt,
                    choices=choices,
                    answer=tuple(names),
                    explanation=_explained(sentence),
                    tags=tags,
                )
                found.append(Candidate(multi, (sentence,), f"who {names[0]}", rank=3))
        elif said.predicate:
            prompts.append((question(said.intro, wh, said.predicate), 3))
        if said.relative:
            prompts.append((question("", wh, said.relative), 3))
    spans = [m.span for m in facts.mentions_in(sentence) if m.name == entity.name]
    prompts.append((f"{_WHICH[entity.kind]} {quoted(blanked(spans))}", 1))
    accept = _short_forms(entity, facts)
    for prompt, rank in prompts:
        if mentions_any(prompt, entity.forms + accept):
            continue
        wrong = _wrong_choices(entity.name, pool, rng)
        label = f"{entity.kind} {entity.name}"
        as_text = entity.kind in ("person", "work") or wrong is None
        if as_text and wrong is not None and entity.kind == "person":
            as_text = rng.random() < 0.5  # people are asked both ways, seeded
        if as_text:
            text = TextQuestion(
                id="",
                prompt=prompt,
                answer=entity.name,
                accept=accept,
                explanation=_explained(sentence),
                tags=tags,
            )
            found.append(Candidate(text, (sentence,), label, rank))
        elif wrong is not None:
            choice = ChoiceQuestion(
                id="",
                prompt=prompt,
                choices=_shuffled([entity.name, *wrong], rng),
                answer=entity.name,
                explanation=_explained(sentence),
                tags=tags,
                difficulty="easy",
            )
            found.append(Candidate(choice, (sentence,), label, rank))
        break  # one wording of each name is enough; the best comes first
    return found, partners


def _about_number(quantity: Quantity, rng: random.Random) -> list[Candidate]:
    sentence = quantity.span.sentence
    tags = (DRAFT_TAG, "numbers")
    rank = 3
    if quantity.age_of:
        prompt = f"How old was {quantity.age_of}, according to the article?"
        explanation = f"{quantity.age_of} was {number_text(quantity.value, '')}, the article says."
        label = f"age {quantity.age_of}"
    else:
        prompt = how_many(quantity) or ""
        if not prompt:
            prompt, rank = f"What number is missing? {quoted(blanked([quantity.span]))}", 1
        explanation = _explained(sentence)
        label = f"how many {quantity.unit}"
    unit = quantity.unit
    if rng.random() < 0.5:
        wrong = [number_text(v, quantity.span.text) for v in neighbours(quantity.value, rng)]
        right = number_text(quantity.value, quantity.span.text)
        if len(wrong) >= 2:
            choice = ChoiceQuestion(
                id="",
                prompt=prompt,
                choices=_shuffled([right, *wrong], rng),
                answer=right,
                explanation=explanation,
                tags=tags,
                difficulty="easy",
            )
            return [Candidate(choice, (sentence,), label, rank)]
    number = NumberQuestion(
        id="",
        prompt=prompt,
        answer=quantity.value,
        tolerance=tolerance(quantity),
        unit=unit,
        explanation=explanation,
        tags=tags,
    )
    return [Candidate(number, (sentence,), label, rank)]


_STYLES = (
    (re.compile(r"^\d{1,2} [A-Z][a-z]+\.? \d{4}$"), "{d} {M} {y}"),
    (re.compile(r"^[A-Z][a-z]+\.? \d{1,2}, \d{4}$"), "{M} {d}, {y}"),
    (re.compile(r"^[A-Z][a-z]+\.? \d{1,2} \d{4}$"), "{M} {d} {y}"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "{y}-{m:02d}-{d:02d}"),
)


def _date_text(when: When, day: int, year: int) -> str | None:
    """Another date written the way this one is ('29 May 1953' -> '26 May 1952')."""
    for pattern, style in _STYLES:
        if pattern.match(when.span.text) and when.month:
            month = w.MONTH_NAMES[when.month - 1]
            return style.format(d=day, M=month, y=year, m=when.month)
    return None


def _about_date(
    dated: Sequence[tuple[tuple[int, int, int], str]], when: When, rng: random.Random
) -> list[Candidate]:
    """A date to pick (wrong choices from `dated`: the article's dates with a day), or a year."""
    sentence = when.span.sentence
    tags = (DRAFT_TAG, "dates")
    if not when.year_written:
        return []
    full = when.day is not None and _date_text(when, when.day, when.year) is not None
    if full and rng.random() < 0.5:
        prompt = f"Which date is missing? {quoted(blanked([when.span]))}"
        pool = [text for key, text in dated if key != when.key()]
        for days, years in ((-3, 0), (4, 0), (0, -1), (0, 1), (7, 0)):
            day = (when.day or 1) + days
            if 1 <= day <= 28:
                text = _date_text(when, day, when.year + years)
                if text:
                    pool.append(text)
        wrong = _wrong_choices(when.span.text, pool, rng)
        if wrong:
            choice = ChoiceQuestion(
                id="",
                prompt=prompt,
                choices=_shuffled([when.span.text, *wrong], rng),
                answer=when.span.text,
                explanation=_explained(sentence),
                tags=tags,
                difficulty="easy",
            )
            return [Candidate(choice, (sentence,), f"date {when.span.text}", 2)]
    year_at = when.span.text.rfind(str(when.year))
    year_span = Span(sentence, when.span.start + year_at, when.span.start + year_at + 4)
    prompt = f"Which year is missing? {quoted(blanked([year_span]))}"
    number = NumberQuestion(
        id="", prompt=prompt, answer=when.year, explanation=_explained(sentence), tags=tags
    )
    return [Candidate(number, (sentence,), f"year {when.year}", 2)]


def _true_or_false(facts: Facts, sentence: Sentence, rng: random.Random) -> Candidate | None:
    """The sentence as a statement, true as written or false with one fact swapped."""
    text = sentence.text
    if (
        len(text.split()) > 40
        or text.startswith(("“", '"'))
        or text.rstrip().endswith("?")
        or any(word in w.ABSOLUTE_WORDS for word in normalise(text).split())
    ):
        return None
    swaps: list[tuple[Span, str]] = []
    for mention in facts.mentions_in(sentence):
        pool = _others(facts, mention.kind, sentence, mention.name)
        if mention.kind == "place":  # a country for a country, a city for a city
            country = mention.name in w.COUNTRIES
            pool = [e for e in pool if (e.name in w.COUNTRIES) == country]
        if pool:
            other = rng.choice(sorted(pool, key=lambda e: e.name))
            # Swap like for like: a surname for a surname, a full name for a full name.
            form = other.name.split()[-1] if len(mention.span.text.split()) == 1 else other.name
            form = form if mention.kind == "person" else other.name
            if not mentions_any(sentence.text, [form]):
                swaps.append((mention.span, form))
    for quantity in facts.quantities_in(sentence):
        for value in neighbours(quantity.value, rng)[:1]:
            written = quantity.span.text
            if written.isalpha():
                spelled = {v: k for k, v in w.NUMBER_WORDS.items() if v <= 90}.get(int(value))
                if spelled is None:
                    continue
                new = spelled.capitalize() if written[0].isupper() else spelled
            else:
                new = number_text(value, written)
            swaps.append((quantity.span, new))
    for when in (d for d in facts.dates_in(sentence) if d.year_written):
        at = when.span.text.rfind(str(when.year))
        other_year = when.year + rng.choice((-3, -2, -1, 1, 2, 3))
        swaps.append((when.span, when.span.text[:at] + str(other_year) + when.span.text[at + 4 :]))
    if not swaps:
        return None
    span, replacement = rng.choice(swaps)
    truth = rng.random() < 0.5
    said = text if truth else text[: span.start] + replacement + text[span.end :]
    lead = _LINKING.match(said)
    said = said[lead.end() :] if lead else said
    offset = lead.end() if lead else 0
    first = said.split()[0].strip(",") if said.split() else ""
    keep = any(m.span.start == offset for m in facts.mentions_in(sentence))
    keep = keep or first in w.DEMONYMS or first in w.COUNTRIES or not first.istitle()
    prompt = f"True or false? According to the article, {statement(said, keep)}"
    verdict = "True" if truth else "False"
    explanation = f"{verdict}: the article says {quoted(clip(text))}"
    tf = TrueFalseQuestion(
        id="",
        prompt=prompt,
        answer=truth,
        explanation=explanation,
        tags=(DRAFT_TAG, "statements"),
        difficulty="easy",
    )
    return Candidate(tf, (sentence,), f"statement {span.text}", 0)


_LINKING = re.compile(
    r"^(?:However|Incidentally|In addition|Meanwhile|Moreover|Also|Still|Then|Instead),\s+"
)


def _event(when: When) -> str | None:
    """What happened on a date, in a few words, the date taken out."""
    text = when.span.sentence.text
    head, tail = text[: when.span.start], text[when.span.end :]
    head = _BEFORE_DATE.sub("", head)
    if tail.startswith(", ") and (not head.strip() or len(head.split()) <= 3):
        rest = tail[2:]  # the date stood in an opening phrase: "On 29 May 1953, ..."
    else:
        rest = (head.rstrip() + " " + tail.lstrip()).replace(" ,", ",")
    rest = rest.strip().rstrip(".")
    if len(rest.split()) < 3:
        return None
    if len(rest.split()) > ITEM_WORDS:
        # The longest opening that ends at a clause boundary, else the first words and '…'.
        cuts = [m.start() for m in re.finditer(r",\s| and | but | when | which | while ", rest)]
        fits = [c for c in cuts if ITEM_WORDS // 2 <= len(rest[:c].split()) <= ITEM_WORDS]
        rest = rest[: fits[-1]] if fits else " ".join(rest.split()[:ITEM_WORDS]) + "…"
    return capitalised(rest.rstrip(",;"))


_BEFORE_DATE = re.compile(
    r"(?:\b(?:in the early hours of|early on|early in|late in|on|in|by|since|during|until|from)"
    r"\s*)$",
    re.IGNORECASE,
)


def _order(facts: Facts, rng: random.Random) -> Candidate | None:
    """Dated events of the article, to put in order."""
    events: dict[tuple[int, int, int], tuple[When, str]] = {}
    for when in facts.dates:
        event = _event(when)
        if event and when.key() not in events and event not in {e for _, e in events.values()}:
            events[when.key()] = (when, event)
    if len(events) < 3:
        return None
    keys = sorted(events)
    if len(keys) > ORDER_ITEMS:
        keys = sorted(rng.sample(keys, ORDER_ITEMS))
    items = tuple(events[k][1] for k in keys)
    sources = tuple(dict.fromkeys(events[k][0].span.sentence for k in keys))
    dates = "; ".join(f"{events[k][1]}: {events[k][0].span.text}" for k in keys)
    order = OrderQuestion(
        id="",
        prompt="Put these events from the article in order, earliest first.",
        items=items,
        explanation=f"In order: {dates}.",
        tags=(DRAFT_TAG, "dates"),
    )
    return Candidate(order, sources, "order of events", 3)
