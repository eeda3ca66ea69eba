"""spacequiz: a terminal trivia game about the first feature film shot in space."""

__version__ = "0.1.0"
