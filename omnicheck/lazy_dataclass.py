"""``dataclass`` as the standard library's, with each method compiled only when first called.

The standard decorator writes the source of every method it adds and compiles
it as the class is defined: some 0.6 million instructions a method on Python
3.11, six methods for a frozen class. A Markdown report defines 35 such
classes, 180 methods, and calls 23 of them (most classes are never compared,
hashed or printed). Here a class gets its fields, slots and parameters at
once, as from the standard decorator, and each method compiles on its first
call, from a stand-in copy of the class; from then on the class is what the
standard decorator would have made.

Only the plain forms the code uses are deferred: ``@dataclass``, and with
``frozen=True`` and ``slots=True``, on a class of its own (no base class, no
metaclass, no ``__slots__`` and none of the methods the decorator writes). Anything else is
handed to the standard decorator as it is. Type checkers see the standard one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["dataclass"]

_C = TypeVar("_C", bound=type)

#: Each method the decorator writes, and the flags that make it write that
#: method (and as few others as it can) on a stand-in copy of the class.
_FLAGS = {
    "__init__": {"init": True, "repr": False, "eq": False},
    "__repr__": {"init": False, "repr": True, "eq": False, "frozen": False},
    "__eq__": {"init": False, "repr": False, "eq": True, "frozen": False},
    "__hash__": {"init": False, "repr": False, "eq": True, "frozen": True},
    "__setattr__": {"init": False, "repr": False, "eq": False, "frozen": True},
    "__delattr__": {"init": False, "repr": False, "eq": False, "frozen": True},
}
_WRITTEN = (*_FLAGS, "__slots__", "__getstate__", "__setstate__")


def _lazy_dataclass(
    cls: _C | None = None, *, frozen: bool = False, slots: bool = False, **options: Any
) -> Any:
    def wrap(cls: _C) -> _C:
        plain = type(cls) is type and cls.__bases__ == (object,)  # no metaclass, no base
        if options or not plain or any(n in cls.__dict__ for n in _WRITTEN):
            made: _C = dataclasses.dataclass(cls, frozen=frozen, slots=slots, **options)  # type: ignore[assignment]
            return made
        return _deferred(cls, frozen=frozen, slots=slots)

    return wrap if cls is None else wrap(cls)


def _deferred(cls: _C, *, frozen: bool, slots: bool) -> _C:
    namespace = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
    doc = cls.__doc__
    cls.__doc__ = "-"  # not worked out from the signature now; from the stand-in's later
    made: _C = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)  # type: ignore[assignment]
    made.__doc__ = doc
    params = made.__dataclass_params__  # type: ignore[attr-defined]
    params.init = params.repr = params.eq = True
    params.frozen = frozen
    if frozen and slots:  # as the standard decorator adds them: a frozen class's pickles
        made.__getstate__ = _getstate  # type: ignore[attr-defined]
        made.__setstate__ = _setstate  # type: ignore[attr-defined]
    stubs: dict[str, Callable[..., Any]] = {}
    names = [*_FLAGS] if frozen else ["__init__", "__repr__", "__eq__"]
    if not frozen:
        made.__hash__ = None  # type: ignore[assignment]  # as eq=True without frozen sets it

    def build(name: str) -> None:
        # The docstring the decorator writes for a class without one needs __init__.
        worded = {} if name == "__init__" and doc is None else {"__doc__": "-"}
        stand_in = type(made.__name__, (), {**namespace, **worded})
        stand_in.__qualname__ = made.__qualname__
        dataclasses.dataclass(stand_in, slots=False, **{"frozen": frozen, **_FLAGS[name]})
        for written, stub in stubs.items():
            method = stand_in.__dict__.get(written)
            if method is not None and made.__dict__.get(written) is stub:
                for cell in getattr(method, "__closure__", None) or ():
                    if cell.cell_contents is stand_in:  # frozen __setattr__ checks its class:
                        cell.cell_contents = cls  # the one the standard decorator was given
                setattr(made, written, method)
        if name == "__init__" and doc is None:
            made.__doc__ = stand_in.__doc__

    def stub_for(name: str) -> Callable[..., Any]:
        def stub(self: Any, *args: Any, **kwargs: Any) -> Any:
            if made.__dict__.get(name) is stub:
                build(name)
            return getattr(made, name)(self, *args, **kwargs)

        stub.__name__ = name
        stub.__qualname__ = f"{made.__qualname__}.{name}"
        return stub

    for name in names:
        stubs[name] = stub_for(name)
        setattr(made, name, stubs[name])
    return made


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, name) for name in _field_names(type(self))]


def _setstate(self: Any, state: list[Any]) -> None:
    # Once per unpickled object (the cached rubric holds hundreds), so the names are kept.
    for name, value in zip(_field_names(type(self)), state, strict=False):
        object.__setattr__(self, name, value)  # not the frozen class's own __setattr__


_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """What the standard decorator's pickling reads, ``dataclasses.fields``, by name."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


if TYPE_CHECKING:
    from dataclasses import dataclass
else:
    dataclass = _lazy_dataclass
