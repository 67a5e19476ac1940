"""What the report model's modules share: the TypedDict they build on, and schema extras.

pydantic, which generates the JSON Schema, accepts only typing_extensions'
TypedDict before Python 3.12, but importing typing_extensions costs a report
several milliseconds at start-up. Both make the same runtime dicts, so the
model takes typing_extensions' one only when it is loaded already (pydantic
loads it); :mod:`omnicheck.report.schema_gen` imports pydantic first, and
reloads the model if it was imported before.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING or sys.version_info >= (3, 12) or "typing_extensions" not in sys.modules:
    from typing import TypedDict
else:
    from typing_extensions import TypedDict

__all__ = ["JsonSchema", "TypedDict"]


class JsonSchema:
    """Extra JSON Schema keywords for one value, read only when the schema is generated.

    pydantic calls ``__get_pydantic_json_schema__`` on ``Annotated`` metadata, so
    the model can say more than its Python type (a date's pattern) without
    importing pydantic.
    """

    def __init__(self, **extra: object) -> None:
        self.extra = extra

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        schema = handler(core_schema)
        schema.update(self.extra)
        return schema
