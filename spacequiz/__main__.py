"""Run spacequiz as ``python -m spacequiz``."""

from spacequiz.cli import main

if __name__ == "__main__":
    main()
