"""The ``omnicheck`` command: a thin typer layer, one module per larger command.

:mod:`omnicheck.cli.app` builds the typer app and registers every command;
errors become messages and exit statuses there, in one place.
"""
