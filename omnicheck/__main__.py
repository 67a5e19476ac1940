"""Allow ``python -m omnicheck`` where the console script is not on PATH."""

from omnicheck.cli.app import run

run()
