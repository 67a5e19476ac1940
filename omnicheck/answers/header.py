"""The header of an answers file, checked before its answers: which rubric and version
it is for, its depth, the day it was answered, and the business.

Apart from :mod:`omnicheck.answers.validate`, which walks the answers
themselves; both add to one list of problems, in the order they are found.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from omnicheck.answers.checks import BadDate, assessed_date
from omnicheck.answers.codes import code_of
from omnicheck.answers.model import AnswersDocument
from omnicheck.errors import MAX_LISTED, Problem
from omnicheck.rubric.compiled import CompiledRubric

#: ``quick``: only the rubric's quick questions need answers (``assess --quick``).
DEPTHS = ("full", "quick")


class FileChecks:
    """The problems found in one answers file so far, and the checks of its header."""

    def __init__(self, doc: AnswersDocument, rubric: CompiledRubric, *, lenient: bool) -> None:
        self.doc = doc
        self.rubric = rubric
        self.problems: list[Problem] = []
        self.lenient = lenient
        #: The version the answers were given for, when a lenient load reads another one.
        self.answered_version: str | None = None
        self.quick = False

    def flag(
        self,
        path: tuple[Any, ...],
        what: str,
        *,
        at_key: bool = False,
        hint: str | None = None,
        **args: Any,
    ) -> None:
        """Add the problem ``what`` at ``path``, with ``args`` for omnicheck.wording to word."""
        problem = self.doc.problem(path, "", at_key=at_key, code=code_of(what))
        self.problems.append(replace(problem, hint=hint, what=what, args=args))

    def rubric_ref(self) -> dict[str, Any]:
        """The rubric in use, as a problem about the ``rubric:`` header names it."""
        return {"rubric": self.rubric.id, "version": self.rubric.version}

    def typed(self, path: tuple[Any, ...], value: Any) -> Any:
        """``value`` as the person typed it, where it is a single value YAML read as another type.

        Free text only: ``NO`` is a country, not false. Nothing typed stays None.
        """
        if value is None or type(value) is str:
            return value
        text = self.doc.text(path)
        return value if text is None else text

    def listing(self) -> bool:
        """Whether a new problem would still be listed, so that a suggestion for it is worth
        its cost: a file with thousands of unknown ids shows the first few."""
        return len(self.problems) < MAX_LISTED

    def check_rubric(self, ref: Any) -> bool:
        in_use = self.rubric_ref()
        if ref is None:
            self.flag((), "missing-rubric", **in_use)
            return False
        if not isinstance(ref, dict) or set(ref) != {"id", "version"}:
            self.flag(("rubric",), "rubric-not-a-mapping", **in_use)
            return False
        ok = True
        rubric_id = self.typed(("rubric", "id"), ref["id"])
        if rubric_id != self.rubric.id:
            where = ("rubric", "id")
            self.flag(where, "wrong-rubric", hint="choose-rubric", given=rubric_id, **in_use)
            # A version is a version of the rubric named, not of the one in use: compared
            # with ours it would name a version of a rubric the file never mentions.
            return False
        version = ref["version"]
        if not isinstance(version, str):
            self.flag(("rubric", "version"), "rubric-version-not-text", **in_use)
            ok = False
        elif version != self.rubric.version and self.lenient:
            self.answered_version = version
        elif version != self.rubric.version:
            self.flag(("rubric", "version"), "wrong-rubric-version", given=version, **in_use)
            ok = False
        return ok

    def check_assessed(self, value: Any) -> date | None:
        try:
            return assessed_date(self.typed(("assessed",), value))
        except BadDate as exc:
            self.flag(("assessed",), exc.what, value=exc.value)
            return None

    def check_depth(self, value: Any) -> str:
        if value not in DEPTHS:
            self.flag(("depth",), "invalid-depth", depth=value, expected=DEPTHS)
            return "full"
        if value == "quick" and not any(q.quick for q in self.rubric.questions):
            self.flag(("depth",), "no-quick-check", rubric=self.rubric.id)
            return "full"
        self.quick = value == "quick"
        return str(value)

    def check_business(self, business: Any) -> tuple[str, dict[str, Any]]:
        if not isinstance(business, dict):
            self.flag(("business",) if business is not None else (), "missing-business")
            return "", {}
        name = self.typed(("business", "name"), business.get("name"))
        if not isinstance(name, str) or not name.strip():
            where = ("business",) + (("name",) if "name" in business else ())
            self.flag(where, "missing-business-name")
            name = ""
        details: dict[str, Any] = {}
        for key, value in business.items():
            if key == "name":
                continue
            if not isinstance(key, str):
                self.flag(("business", key), "detail-name-not-text", at_key=True)
            elif isinstance(value, list | dict):
                shape = "list" if isinstance(value, list) else "mapping"
                self.flag(("business", key), "detail-not-text", key=key, shape=shape)
            elif value is not None:  # an empty detail is not given
                details[key] = self.typed(("business", key), value)
        return name.strip(), details
