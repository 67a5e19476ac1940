"""Where the bundled rubric and report templates are.

In a wheel they sit inside the package (``omnicheck/questionnaires``); in a
source checkout or an editable install they sit at the top of the repository,
where authors edit them. Both layouts resolve to the same names.
"""

from __future__ import annotations

from pathlib import Path

#: The ``omnicheck`` package folder; this file sits in ``omnicheck/source/``.
_PACKAGE = Path(__file__).resolve().parent.parent
DEFAULT_RUBRIC_NAME = "omnichannel.yaml"


def bundled_dir(name: str) -> Path:
    """The directory ``questionnaires`` or ``report_templates``, wherever it ships."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def default_rubric_path() -> Path:
    return bundled_dir("questionnaires") / DEFAULT_RUBRIC_NAME


def templates_dir() -> Path:
    return bundled_dir("report_templates")
