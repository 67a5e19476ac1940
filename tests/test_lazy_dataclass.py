"""``omnicheck.lazy_dataclass.dataclass`` makes what the standard decorator makes.

Each shape the code uses is declared twice, once with each decorator, and
every difference a caller could see is compared: methods, pickles, copies,
``dataclasses`` helpers, parameters, slots and the docstring. Each method is
also tried as the first one called, since each compiles on its own.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import field
from typing import Any

import pytest

from omnicheck.lazy_dataclass import dataclass as lazy


def _frozen_slots(decorate: Any) -> Any:
    @decorate(frozen=True, slots=True)
    class Point:
        """A point."""

        x: int
        label: str = "p"
        tags: tuple[str, ...] = ()

    return Point


def _plain_slots(decorate: Any) -> Any:
    @decorate(slots=True)
    class Tally:
        name: str
        counts: list[int] = field(default_factory=list)

    return Tally


def _frozen(decorate: Any) -> Any:
    @decorate(frozen=True)
    class Settings:
        root: str
        extra: dict[str, str] = field(default_factory=dict)
        seen: list[str] = field(default_factory=list, compare=False, repr=False)

        def __post_init__(self) -> None:
            self.seen.append("post-init")

    return Settings


def _bare(decorate: Any) -> Any:
    @decorate
    class Sheet:
        rows: list[int]
        total: float = 0.0

    return Sheet


STANDARD = {
    "frozen_slots": _frozen_slots(dataclasses.dataclass),
    "plain_slots": _plain_slots(dataclasses.dataclass),
    "frozen": _frozen(dataclasses.dataclass),
    "bare": _bare(dataclasses.dataclass),
}
LAZY = {
    "frozen_slots": _frozen_slots(lazy),
    "plain_slots": _plain_slots(lazy),
    "frozen": _frozen(lazy),
    "bare": _bare(lazy),
}
# Module-level names, so that pickle finds the classes.
FrozenSlotsStandard, FrozenSlotsLazy = STANDARD["frozen_slots"], LAZY["frozen_slots"]
FrozenSlotsStandard.__qualname__ = "FrozenSlotsStandard"
FrozenSlotsLazy.__qualname__ = "FrozenSlotsLazy"
ARGS = {"frozen_slots": (3, "q"), "plain_slots": ("a", [1]), "frozen": ("/r",), "bare": ([1],)}
FIRST_CALLS = ["init", "repr", "eq", "hash", "setattr", "set_other", "delattr", "replace", "pickle"]


def is_stub(cls: type, name: str) -> bool:
    method = cls.__dict__.get(name)
    code = getattr(method, "__code__", None)
    return code is not None and code.co_filename.endswith("lazy_dataclass.py")


def observed(cls: type, shape: str, first: str) -> list[Any]:
    """Everything a caller could see of ``cls``, starting with ``first``."""
    seen: list[Any] = []

    def attempt(action: Any) -> Any:
        try:
            return action()
        except Exception as exc:  # the kind of error is part of the behaviour
            return (type(exc), str(exc).replace(cls.__name__, "NAME"))

    def make() -> Any:
        return cls(*ARGS[shape])

    one, two = make(), make()
    steps = {
        "init": lambda: (one.__class__.__name__, sorted(dataclasses.asdict(one))),
        "repr": lambda: repr(one).replace(cls.__qualname__, "NAME"),
        "eq": lambda: (one == two, one != two, one == object()),
        "hash": lambda: attempt(lambda: hash(one) == hash(two)),
        "setattr": lambda: attempt(lambda: setattr(one, dataclasses.fields(cls)[0].name, 9)),
        "set_other": lambda: setattr(one, "other", 1),
        "delattr": lambda: attempt(lambda: delattr(two, dataclasses.fields(cls)[0].name)),
        "replace": lambda: repr(dataclasses.replace(make())).replace(cls.__qualname__, "NAME"),
        "pickle": lambda: attempt(
            lambda: repr(copy.deepcopy(make())).replace(cls.__qualname__, "N")
        ),
    }
    order = [first, *(s for s in FIRST_CALLS if s != first)]
    for step in order:
        seen.append((step, attempt(steps[step])))
    seen.append(
        [(f.name, f.default is dataclasses.MISSING, f.compare) for f in dataclasses.fields(cls)]
    )
    seen.append(cls.__match_args__)
    seen.append(getattr(cls, "__slots__", None))
    seen.append("__dict__" in dir(make()))
    params = cls.__dataclass_params__
    seen.append((params.init, params.repr, params.eq, params.order, params.frozen))
    seen.append(cls.__hash__ is None)
    seen.append(str(inspect.signature(cls)))
    seen.append((cls.__doc__ or "").replace(cls.__name__, "NAME"))
    return seen


@pytest.mark.parametrize("first", FIRST_CALLS)
@pytest.mark.parametrize("shape", sorted(STANDARD))
def test_each_shape_behaves_as_the_standard_one_whatever_is_called_first(shape, first):
    standard = observed(STANDARD[shape], shape, first)
    fresh = {"frozen_slots": _frozen_slots, "plain_slots": _plain_slots, "frozen": _frozen}
    cls = fresh.get(shape, _bare)(lazy)  # each case starts with nothing compiled
    assert observed(cls, shape, first) == standard


def test_methods_compile_one_kind_at_a_time():
    cls = _frozen_slots(lazy)
    written = ["__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"]
    assert all(is_stub(cls, name) for name in written)
    point = cls(1)
    # __init__ comes with the frozen __setattr__ and __delattr__, written with it
    assert [name for name in written if is_stub(cls, name)] == ["__repr__", "__eq__", "__hash__"]
    assert point == cls(1)
    assert [name for name in written if is_stub(cls, name)] == ["__repr__", "__hash__"]
    assert hash(point) == hash(cls(1))
    assert repr(point).endswith(".Point(x=1, label='p', tags=())")
    assert not any(is_stub(cls, name) for name in written)


def test_a_frozen_slotted_instance_pickles_before_anything_compiled():
    point = FrozenSlotsLazy.__new__(FrozenSlotsLazy)
    point.__setstate__([1, "a", ("t",)])
    back = pickle.loads(pickle.dumps(point))
    assert back == point
    assert repr(back) == "FrozenSlotsLazy(x=1, label='a', tags=('t',))"
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.x = 2
    assert pickle.loads(pickle.dumps(FrozenSlotsStandard(1, "a", ("t",)))) == FrozenSlotsStandard(
        1, "a", ("t",)
    )


def test_what_it_does_not_defer_goes_to_the_standard_decorator():
    @lazy(order=True)
    class Ordered:
        n: int

    assert Ordered(1) < Ordered(2)
    assert not is_stub(Ordered, "__init__")

    @lazy(frozen=True)
    class OwnRepr:
        n: int

        def __repr__(self) -> str:
            return "mine"

    assert repr(OwnRepr(1)) == "mine"
    assert not is_stub(OwnRepr, "__init__")


def test_a_class_with_a_metaclass_gets_the_standard_decorator() -> None:
    """A stand-in built with plain ``type`` would not share the metaclass: such a class is
    made by the standard decorator at once (its ``__init__`` has the fields' signature)."""
    import abc
    import inspect

    from omnicheck.lazy_dataclass import dataclass as lazy

    @lazy(frozen=True, slots=True)
    class Shape(metaclass=abc.ABCMeta):
        side: int

    assert type(Shape) is abc.ABCMeta
    assert list(inspect.signature(Shape.__init__).parameters) == ["self", "side"]
    assert Shape(2) == Shape(2)
