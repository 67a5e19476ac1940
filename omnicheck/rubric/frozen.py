"""``@frozen``: a frozen dataclass whose methods are compiled only when first called.

Apart from :mod:`omnicheck.rubric.compiled` because it is a trick of Python's
dataclass machinery, not part of what a rubric is; the classes there read as
ordinary frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[_F], _F]:
        """Only type checkers read the marker; at run time it would cost an import."""
        return lambda decorated: decorated


_C = TypeVar("_C", bound=type)
#: The methods that ``dataclass(frozen=True)`` writes, compiling the source of each.
_GENERATED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: _C) -> _C:
    """``@dataclass(frozen=True)``, with its methods compiled when first called.

    The dataclass machinery writes and compiles the source of six methods for
    each class as it is defined: for the fifteen classes of
    :mod:`omnicheck.rubric.compiled`, 6% of all that ``omnicheck report``
    does. A report takes its rubric from the cache, and
    pickle builds those objects without calling any of the six, so they are
    compiled only when something first does (compiling a rubric, comparing
    two of its parts); from then on the class is an ordinary frozen
    dataclass. The fields are there from the start, so ``dataclasses.fields``
    and ``asdict`` work as usual; only ``__dataclass_params__`` describes the
    placeholder (not frozen) until then.
    """
    defaults = {name: cls.__dict__[name] for name in cls.__annotations__ if name in cls.__dict__}
    doc = cls.__doc__
    cls.__doc__ = "-"  # else worked out now from object's text signature, through tokenize
    dataclass(init=False, repr=False, eq=False)(cls)  # the fields only: nothing to compile
    cls.__doc__ = doc  # and by the decorator from the real signature, when built
    placeholders: dict[str, Callable[..., Any]] = {}

    def build() -> None:
        if all(cls.__dict__.get(name) is not stub for name, stub in placeholders.items()):
            return  # built already, through another placeholder
        for name in placeholders:
            delattr(cls, name)
        for name, value in defaults.items():
            setattr(cls, name, value)
        dataclass(frozen=True)(cls)

    def placeholder(name: str) -> Callable[..., Any]:
        def stub(self: Any, *args: Any, **kwargs: Any) -> Any:
            build()
            return getattr(cls, name)(self, *args, **kwargs)

        stub.__name__ = stub.__qualname__ = name
        return stub

    for name in _GENERATED:
        if name not in cls.__dict__:
            placeholders[name] = placeholder(name)
            setattr(cls, name, placeholders[name])
    return cls
