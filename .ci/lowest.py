"""Print the oldest release of every direct dependency that pyproject.toml allows.

CI installs these pins (plus the project, with no dependency resolution of
its own) in a second venv and runs the suite again, so a lower bound that is
a lie fails the day it is written. It is pip's equivalent of uv's
``--resolution lowest-direct``: only the direct dependencies are pinned low;
what they pull in is resolved as usual.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(?:[^,;]*?)>=\s*([^,;\s]+)")


def main() -> int:
    project = tomllib.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in sys.argv[2:]:
        requirements += project["optional-dependencies"][extra]
    for requirement in requirements:
        match = LOWER.match(requirement)
        if match is None:
            print(f"no lower bound in {requirement!r}: every dependency needs one", file=sys.stderr)
            return 1
        name, version = match.groups()
        print(f"{name}=={version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
