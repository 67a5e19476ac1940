"""The header of an answers file, checked before its answers: which rubric and version
it is for, its depth, the day it was answered, and the business.

Apart from :mod:`omnicheck.answers.validate`, which walks the answers
themselves; both add to one list of problems, in the order they are found.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from omnicheck.answers.checks import assessed_date
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

    def add(
        self,
        path: tuple[Any, ...],
        message: str,
        *,
        at_key: bool = False,
        code: str = "invalid-input",
        hint: str | None = None,
    ) -> None:
        problem = self.doc.problem(path, message, at_key=at_key, code=code)
        self.problems.append(replace(problem, hint=hint) if hint else problem)

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
        expected = f'{{id: {self.rubric.id}, version: "{self.rubric.version}"}}'
        if ref is None:
            message = f"missing 'rubric:' the rubric these answers are for, e.g. {expected}"
            self.add((), message, code="missing-rubric")
            return False
        if not isinstance(ref, dict) or set(ref) != {"id", "version"}:
            message = f"rubric must be a mapping with id and version, e.g. {expected}"
            self.add(("rubric",), message, code="invalid-rubric-ref")
            return False
        ok = True
        rubric_id = self.typed(("rubric", "id"), ref["id"])
        if rubric_id != self.rubric.id:
            self.add(
                ("rubric", "id"),
                f"answers are for rubric {rubric_id!r}, but the rubric "
                f"in use is {self.rubric.id!r}",
                code="wrong-rubric",
                hint="choose-rubric",
            )
            ok = False
        version = ref["version"]
        if not isinstance(version, str):
            message = f"rubric version must be quoted text, e.g. {expected}"
            self.add(("rubric", "version"), message, code="invalid-rubric-ref")
            ok = False
        elif version != self.rubric.version and self.lenient:
            self.answered_version = version
        elif version != self.rubric.version:
            self.add(
                ("rubric", "version"),
                f"answers are for version {version!r} of rubric {self.rubric.id!r}, "
                f"but the rubric in use is version {self.rubric.version!r}",
                code="wrong-rubric-version",
            )
            ok = False
        return ok

    def check_assessed(self, value: Any) -> date | None:
        try:
            return assessed_date(self.typed(("assessed",), value))
        except ValueError as exc:
            self.add(("assessed",), str(exc), code="invalid-date")
            return None

    def check_depth(self, value: Any) -> str:
        if value not in DEPTHS:
            message = f"depth must be one of {', '.join(DEPTHS)}, not {value!r}"
            self.add(("depth",), message, code="invalid-depth")
            return "full"
        if value == "quick" and not any(q.quick for q in self.rubric.questions):
            message = f"depth is quick, but rubric {self.rubric.id!r} has no quick check"
            self.add(("depth",), message, code="invalid-depth")
            return "full"
        self.quick = value == "quick"
        return str(value)

    def check_business(self, business: Any) -> tuple[str, dict[str, Any]]:
        if not isinstance(business, dict):
            self.add(
                ("business",) if business is not None else (),
                "missing 'business:' a mapping with at least the business's name",
                code="missing-business",
            )
            return "", {}
        name = self.typed(("business", "name"), business.get("name"))
        if not isinstance(name, str) or not name.strip():
            self.add(
                ("business",) + (("name",) if "name" in business else ()),
                "business.name must be the business's name, as text",
                code="missing-business-name",
            )
            name = ""
        details: dict[str, Any] = {}
        for key, value in business.items():
            if key == "name":
                continue
            if not isinstance(key, str):
                message = "business detail names must be text"
                self.add(("business", key), message, at_key=True, code="invalid-detail")
            elif isinstance(value, list | dict):
                what = "a list" if isinstance(value, list) else "a mapping"
                message = f"business.{key} must be text, not {what}"
                self.add(("business", key), message, code="invalid-detail")
            elif value is not None:  # an empty detail is not given
                details[key] = self.typed(("business", key), value)
        return name.strip(), details
