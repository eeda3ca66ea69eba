"""Run spacequiz as ``python -m spacequiz``."""

from spacequiz.cli.app import main

if __name__ == "__main__":
    main()
