"""What every kind of question answers for itself, and the registry that finds a kind.

A question's kind decides how an answer to it is read from a file, which
option ids it stands for, what it scores, which better answers a plan may
raise it to, its JSON Schema, its line in the template and the widget that
asks it. Each kind says all of that in its own module, so a new kind is one
module and one :func:`register` call, and no other module tests a kind's name.

A kind returns ids and values only: a problem with an answer is an
:class:`Issue` (an id and a position), made a problem by
:mod:`omnicheck.answers.kind_problems` and worded by
:mod:`omnicheck.wording.answers`; a template placeholder and a widget are
ids that :mod:`omnicheck.wording.template` and the questionnaire map to text
and prompts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol

from omnicheck.rubric.conditions import AnswerValue, evaluate

if TYPE_CHECKING:
    from omnicheck.rubric.compiled import Option, Question

Path = tuple[Any, ...]


class Issue(NamedTuple):
    """Something wrong with an answer: where, what (an id), and the value it is about."""

    path: Path
    #: One of :data:`omnicheck.wording.answers.WORDS`' keys, its code in ``answers.codes``.
    what: str
    #: The option id or the value as typed that the issue is about, if any.
    value: Any = None


class Reader(Protocol):
    """The answers file an answer is read from, as a kind needs it."""

    #: The answers before this one, in asking order: an option's condition reads them.
    answers: Mapping[str, AnswerValue]

    def typed(self, path: Path, value: Any) -> Any:
        """``value`` as the person typed it (``NO``, not false), for free text and ids."""
        ...

    def report(self, question: Question, issue: Issue) -> None: ...


class Kind:
    """A kind of question; the defaults are those of a choice of one option."""

    #: The registry's name for it; what a rubric's ``kind:`` says, for an authored kind.
    name: ClassVar[str]
    #: Whether a rubric author may write ``kind: NAME`` (link questions are generated).
    authored: ClassVar[bool] = True
    #: Whether its questions list options (a text question has none).
    has_options: ClassVar[bool] = True
    #: Whether an answer is a tuple of option ids rather than one value.
    many: ClassVar[bool] = False
    #: Whether a rubric may score it in a dimension.
    scorable: ClassVar[bool] = False
    #: What an answer must be, as an id for messages: "text", "one" or "list".
    expects: ClassVar[str] = "one"
    #: Its placeholder in the answers template, as an id (see wording.template).
    placeholder: ClassVar[str] = "one"
    #: The questionnaire widget that asks it, as an id (see questionnaire.prompts).
    widget: ClassVar[str] = "select"
    #: The plan step that raises it: "raise", or "record" for a record link.
    step: ClassVar[str] = "raise"
    #: For a kind the compiler generates from ``channel_links``: "record" (a channel's
    #: record link) or "handoff" (its hand-offs); None for an authored kind. What
    #: :attr:`omnicheck.rubric.compiled.Question.link_role` reads, so that a question's
    #: kind alone says whether it is a link question.
    link_role: ClassVar[str | None] = None
    #: The kind a question of this kind is in a ``checks`` section, if another (yes_no).
    in_checks: ClassVar[str | None] = None
    #: What the fast check (answers.checks) settles without :meth:`read`: "one" (an
    #: option id as it stands), "many" (a list of them) or None (nothing).
    fast: ClassVar[str | None] = "one"

    def read(self, q: Question, value: Any, path: Path, reader: Reader) -> AnswerValue | None:
        """The answer ``value`` (not n/a, not a mapping) stands for, or None and an issue."""
        if isinstance(value, list):
            reader.report(q, Issue(path, "one-not-a-list"))
            return None
        return choose(q, value, path, reader)

    def option_ids(self, q: Question, value: AnswerValue) -> tuple[str, ...]:
        """The option ids an answer (not n/a) stands for."""
        return (value,) if isinstance(value, str) else ()

    def scores(self, q: Question) -> dict[str, int | None]:
        """Each answer's score, for a dimension's mean; a missing answer scores nothing."""
        return {o.id: o.score for o in q.options}

    def score(self, q: Question, value: AnswerValue | None) -> int | None:
        return self.scores(q).get(value) if isinstance(value, str) else None

    def passed(self, q: Question, value: AnswerValue) -> bool | None:
        """Whether ``value`` passes, for a kind that is a check (see yes_no); None otherwise."""
        return None

    def scale(self, q: Question) -> tuple[Option, ...]:
        """Its scored options, lowest score first: the ladder a plan raises an answer up."""
        return tuple(sorted((o for o in q.options if o.score is not None), key=_score))

    def raises(self, q: Question, value: AnswerValue | None) -> tuple[Option, ...]:
        """The better answers a plan may raise ``value`` to, nearest first."""
        ladder = self.scale(q)
        ids = [o.id for o in ladder]
        return ladder[ids.index(value) + 1 :] if isinstance(value, str) and value in ids else ()

    def schema(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        """The answer's JSON Schema alternatives, given the schema of one of its options."""
        return [options]

    def steps(self, q: Question) -> dict[str, int] | None:
        """Each option's step on the question's scale, lowest score first; None unless every
        option is scored (answers.merge measures disagreement in these steps)."""
        ladder = self.scale(q)
        if not ladder or len(ladder) != len(q.options):
            return None
        return {o.id: i for i, o in enumerate(ladder)}

    def consensus(
        self, q: Question, answered: Sequence[AnswerValue], rule: str
    ) -> AnswerValue | None:
        """Several respondents' answers (none n/a) as one (see answers.merge)."""
        steps = self.steps(q)
        if steps is not None:
            ordered = sorted((v for v in answered if isinstance(v, str)), key=steps.__getitem__)
            if not ordered:
                return None
            return ordered[0] if rule == "lowest" else ordered[(len(ordered) - 1) // 2]
        counts: dict[AnswerValue, int] = {}
        for v in answered:
            counts[v] = counts.get(v, 0) + 1
        return max(counts, key=counts.__getitem__)  # the first of a tie: dicts keep order


def _score(option: Option) -> int:
    return option.score or 0


def option_id_of(value: Any) -> str | None:
    """Option ids as written; unquoted yes/no/on/off arrive from YAML as booleans."""
    if type(value) is str:  # nearly every answer: skip the checks below
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int):
        return str(value)
    return None


def choose(q: Question, value: Any, path: Path, reader: Reader) -> str | None:
    """The option ``value`` names, if it is one of ``q``'s and applies to the answers so far."""
    # The id as typed first: an option "off" is off, not the false YAML 1.1 reads.
    typed = reader.typed(path, value)
    oid = typed if type(typed) is str and typed in q.option_by_id else option_id_of(value)
    option = q.option_by_id.get(oid) if oid is not None else None
    if option is None:
        reader.report(q, Issue(path, "unknown-option", typed if type(typed) is str else value))
        return None
    if option.when is not None and not evaluate(option.when, reader.answers):
        reader.report(q, Issue(path, "option-does-not-apply", oid))
        return None
    return oid


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Make ``kind`` known by its name; the one step a new kind needs besides its module."""
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Forget a kind (tests register kinds of their own)."""
    del _KINDS[name]


def kind_named(name: str) -> Kind | None:
    return _KINDS.get(name)


def authored_kinds() -> tuple[str, ...]:
    """The kinds a rubric's ``kind:`` may name, in the order they were registered."""
    return tuple(name for name, kind in _KINDS.items() if kind.authored)


def kind_of(q: Question) -> Kind:
    """The kind of ``q``: the one the compiler gave it (``answer_kind``), else its ``kind:``."""
    return _KINDS[q.answer_kind or q.kind]
