"""Drafting quiz questions from an article, offline and deterministically.

`sentences` splits an article into located sentences, `facts` finds what a quiz can ask
(names of each kind, numbers with what they count, dates, who did what), and `questions`
turns those facts into draft questions. Pure: text in, data out; no I/O, no model.
"""

DRAFT_TAG = "draft"
"""The tag every drafted question carries until a teacher has reviewed it."""
