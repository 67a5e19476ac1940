"""From paths on disk to a compiled rubric and validated answers.

This is the seam between the pure core and the file system: it reads (with
the size cap and strict decoding of :mod:`omnicheck.source.reading`), parses safely,
and hands plain text and data to the core. Commands and the questionnaire
load through here, so they all refuse bad input the same way.
"""

from __future__ import annotations

from pathlib import Path

from omnicheck.answers.validate import AnswersFile, validate_answers
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.source import cache
from omnicheck.source.cache import FROM_PROCESS, CacheDir
from omnicheck.source.reading import DEFAULT_MAX_BYTES, read_text
from omnicheck.source.resources import default_rubric_path
from omnicheck.source.safe_yaml import YamlDocument, parse_yaml


def read_yaml(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> YamlDocument:
    source = str(path)
    return parse_yaml(read_text(path, max_bytes=max_bytes, source=source), source)


def rubric_from(
    path: Path | None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache_dir: CacheDir = FROM_PROCESS,
) -> CompiledRubric:
    """The rubric at ``path``, or the bundled default when ``path`` is None.

    A rubric that compiled before with identical text comes from the cache
    without being parsed or checked again (see :mod:`omnicheck.source.cache`).
    Commands pass their environment's ``cache_dir``; left out, it is read from
    the process (``assess`` still does that).
    """

    path = path or default_rubric_path()
    source = str(path)
    text = read_text(path, max_bytes=max_bytes, source=source)
    key = cache.rubric_key(text)
    cached = cache.load("rubrics", key, cache_dir=cache_dir)
    if isinstance(cached, CompiledRubric):
        return cached
    # The linter (and the solver it checks reachability with) runs only on a miss:
    # a cached rubric was linted when it was stored, and most runs are hits.
    from omnicheck.rubric.lint import load_rubric

    rubric = load_rubric(parse_yaml(text, source))
    cache.store("rubrics", key, rubric, cache_dir=cache_dir)
    return rubric


def answers_from(
    path: Path,
    rubric: CompiledRubric,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    require_complete: bool = True,
) -> AnswersFile:
    return validate_answers(
        read_yaml(path, max_bytes=max_bytes), rubric, require_complete=require_complete
    )


def answers_for_rubric(
    path: Path, rubric: CompiledRubric, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> AnswersFile:
    """The answers at ``path``, read as :func:`answers_in_document` reads them."""
    return answers_in_document(read_yaml(path, max_bytes=max_bytes), rubric)


def answers_in_document(doc: YamlDocument, rubric: CompiledRubric) -> AnswersFile:
    """Answers scored with ``rubric`` even if they were given for another version of it.

    A file for the same version is checked strictly, as by :func:`answers_from`.
    A file for another version is read leniently (see
    :func:`omnicheck.answers.validate.validate_answers`): what this version cannot use is
    set aside and listed, and what it asks that the file never answered is
    listed as unanswered, so old and new assessments can be compared under
    one set of rules. ``history`` reads its files first, to check them
    together, and then each through here.
    """
    ref = doc.data.get("rubric") if isinstance(doc.data, dict) else None
    version = ref.get("version") if isinstance(ref, dict) else None
    lenient = isinstance(version, str) and version != rubric.version
    return validate_answers(doc, rubric, lenient=lenient)
