"""What the report model's modules share: the TypedDict they build on, and schema extras.

No module on the way to a report imports the model at run time: the readers and
writers import it for mypy only (``if TYPE_CHECKING``), since a TypedDict is a
plain dict to Python, and building its classes would cost every report a few
milliseconds at start-up. So the model can use typing_extensions' TypedDict,
the one pydantic (which generates the JSON Schema) accepts before Python 3.12.
"""

from __future__ import annotations

from typing import Any

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
