"""Render a document as Markdown or HTML through Jinja2 templates, with the report filters.

Templates live in ``report_templates/``; ``--templates DIR`` puts a directory
of overrides in front of them, so a consultancy can rebrand one template and
keep the rest. HTML templates are always autoescaped. Markdown has no
autoescape, so every value that is not template text goes through the ``md``
filter, which escapes what GitHub would otherwise read as markup or HTML, and
a URL goes through ``link``, which makes a link of http(s) URLs only. Every
document then passes through :func:`omnicheck.printable.printable`, so no
control character in the data reaches a file or a terminal raw.

A template directory given with ``--templates`` runs in Jinja's sandbox: a
template can format the report data, but not reach Python through it
(``cycler.__init__.__globals__.os``), so a template folder from somebody
else cannot run commands. The bundled templates, which are omnicheck's own
code, run outside it and keep their speed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omnicheck.errors import OmnicheckError, UsageError
from omnicheck.report.figures import whole
from omnicheck.source.cache import FROM_PROCESS, CacheDir
from omnicheck.source.reading import read_text
from omnicheck.source.resources import templates_dir

if TYPE_CHECKING:
    import jinja2

_MD_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "#": "\\#",
        "<": "&lt;",
        ">": "&gt;",
        "\n": " ",
        "\r": " ",
    }
)


#: An ``&`` that starts a character reference (``&amp;``, ``&#60;``), which a viewer would decode.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: What may not stand inside a CommonMark autolink ``<...>``: percent-encoded there.
#: A ``|`` too: a table would split the cell there before it read the link.
_NOT_IN_LINK = re.compile("[\\s<>|\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")


def md_escape(value: Any) -> str:
    """Text that GitHub shows literally, and that cannot break a table row.

    An ``&`` is escaped only where it would start a character reference, so
    "Hearth & Crumb" stays as typed and "&lt;b&gt;" does not turn into a tag's text.
    """
    return _ENTITY.sub("&amp;", str(value)).translate(_MD_SPECIAL)


def md_link(value: Any) -> str:
    """An http(s) URL as an autolink; any other URL (``javascript:``, ``file:``) as plain text.

    The same rule as the HTML report's links. Characters that would end the
    autolink or break it (``>``, spaces) are percent-encoded, which keeps the link working.
    """
    url = str(value)
    if not url.startswith(("https://", "http://")):
        return md_escape(url)
    encoded = _NOT_IN_LINK.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)
    return f"<{encoded}>"


def md_code(value: Any) -> str:
    """An inline code span: shown as typed, where md_escape's backslashes would show too.

    A value holding backticks gets a longer fence, as CommonMark allows.
    """
    text = " ".join(str(value).splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or text.startswith(" ") or text.endswith(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_cell(text: Any) -> str:
    """A code span (:func:`md_code`) made safe inside a table row.

    GitHub's tables split a row at every ``|`` before they read code spans, so a
    file named ``v1 | 99.9.yaml`` would add a cell; ``\\|`` is read as ``|`` in the
    span, and only in a table, so this is for table cells alone.
    """
    return str(text).replace("|", "\\|")


def number(value: float | None, digits: int = 0) -> str:
    """A score as people read it; a dash where nothing was scored. A whole number is
    the one-decimal figure rounded half up (62.5 is 63: :func:`~.figures.whole`), not
    to even as ``format`` rounds it."""
    if value is None:
        return "–"
    return str(whole(value)) if digits == 0 else f"{value:.{digits}f}"


def counted(count: int, noun: str) -> str:
    """``1 question``, ``3 questions``: a count with its noun, for the terminal views'
    sentences (the templates say theirs in Jinja)."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def change(value: float | None) -> str:
    """A change between two reports: +2.5 or -1.0, and no change is 0.0, not +0.0."""
    return signed(value) if value else number(value, 1)


def signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:+.{digits}f}"


def measure(value: float | None, unit: str = "") -> str:
    """A gate's figure as the diff gives it: as exact as it is (34.1, 3, 80) and its unit."""
    return "–" if value is None else f"{value:g}{unit}"


def stat(value: float | None) -> str:
    """A portfolio median or quartile as exact as it is: 61.1, or 47.05 halfway between
    34.1 and 60.0; a whole number keeps its decimal (60.0), as the other scores do."""
    if value is None:
        return "–"
    return f"{value:.1f}" if round(value, 1) == value else f"{value:g}"


def css_string(value: Any) -> Any:
    """A quoted CSS string that shows ``value`` as typed, for a print footer's ``content``.

    Every character but letters, digits and spaces becomes a CSS escape, so
    no quote, backslash or ``</style>`` in a business name can end the string
    or the style sheet; it is marked safe because HTML escaping would show
    ``&amp;`` on paper instead of ``&``.
    """
    from markupsafe import Markup

    text = " ".join(str(value).split())
    plain = {" "}.union("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    # CSS reads one blank after a hex escape as part of it, so each escape ends in one.
    body = "".join(c if c in plain else f"\\{ord(c):06x} " for c in text)
    return Markup(f'"{body}"')


_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def long_date(value: Any) -> str:
    """An ISO date (2026-03-12) as people write it (12 March 2026); other text as it is."""
    text = str(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match or not 1 <= int(match[2]) <= 12:
        return text
    return f"{int(match[3])} {_MONTHS[int(match[2]) - 1]} {match[1]}"


def bar(value: float | None, width: int = 10) -> str:
    """A text bar for a 0-100 score: full blocks, then light shade."""
    if value is None:
        return "·" * width
    filled = round(max(0.0, min(100.0, value)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def environment(
    extra_dir: Path | None = None, *, html: bool = False, cache_dir: CacheDir = FROM_PROCESS
) -> jinja2.Environment:
    """The Jinja environment; sandboxed when ``extra_dir`` (``--templates``) adds user templates."""
    import jinja2

    dirs = [str(extra_dir)] if extra_dir else []
    dirs.append(str(templates_dir()))
    from omnicheck.source.cache import template_bytecode_cache

    kind: type[jinja2.Environment] = jinja2.Environment
    if extra_dir is not None:
        from jinja2.sandbox import SandboxedEnvironment

        kind = SandboxedEnvironment
    cache = template_bytecode_cache(sandboxed=extra_dir is not None, cache_dir=cache_dir)
    env = kind(
        loader=jinja2.FunctionLoader(partial(_template_source, dirs)),
        bytecode_cache=cache,
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md_escape,
        code=md_code,
        cell=md_cell,
        link=md_link,
        change=change,
        number=number,
        signed=signed,
        bar=bar,
        css_string=css_string,
        long_date=long_date,
        measure=measure,
        stat=stat,
    )
    from omnicheck.report import verdict
    from omnicheck.report.words import Words
    from omnicheck.wording.scoring import BASE_METRIC_NAMES

    # The shared words are plain text, so an HTML page reads them from a Markdown
    # environment of its own: the same folders, the same sandbox.
    words = Words(partial(environment, extra_dir, cache_dir=cache_dir) if html else lambda: env)
    env.globals.update(
        **words.globals(),
        # Said once, in the catalogue that words the same metrics in problems and rule inputs.
        metric_names=BASE_METRIC_NAMES,
        requirement_groups=verdict.requirement_groups,
        next_steps=verdict.next_steps,
        index_band=verdict.index_band,
        reached_through=verdict.reached_through,
        quick_wins=verdict.quick_wins,
        shows_gain=verdict.shows_gain,
    )
    if html:
        # Every chart's geometry is a global that a page calls on its data, so a
        # template override draws the same chart without its command's help.
        from omnicheck.report import charts as svg_charts
        from omnicheck.report.charts_compare import compare_radar
        from omnicheck.report.line_chart import history_charts
        from omnicheck.report.plan_chart import action_bars

        env.globals.update(
            radar_chart=svg_charts.radar,
            link_heatmap=svg_charts.heatmap,
            level_ladder=partial(svg_charts.ladder, words=words),
            action_bars=action_bars,
            compare_radar=compare_radar,
            history_charts=history_charts,
        )
    return env


def _template_source(dirs: list[str], name: str) -> tuple[str, str, Callable[[], bool]] | None:
    """A template's text from the first folder that has it, as jinja's FileSystemLoader would.

    Unlike that loader, a name that is there but is not a regular file (a
    FIFO, a device, a link that loops) is refused instead of skipped or read
    for ever, and the text is read as every input is: capped, strictly UTF-8.
    """
    from jinja2.loaders import split_template_path

    pieces = split_template_path(name)
    candidates = (Path(folder).joinpath(*pieces) for folder in dirs)
    path = next((p for p in candidates if _present(p)), None)
    if path is None:
        return None
    text = read_text(path, source=str(path))
    mtime = _mtime(path)
    return text, str(path), lambda: _mtime(path) == mtime


def _present(path: Path) -> bool:
    """Whether ``path`` is there to read; one in a folder that may not be searched is
    taken as there, so that reading it says "permission denied" rather than the bundled
    template being used in its place."""
    try:
        return path.is_symlink() or path.exists()
    except PermissionError:
        return True


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def render_template(
    name: str,
    context: dict[str, Any],
    *,
    html: bool,
    templates: Path | None = None,
    cache_dir: CacheDir = FROM_PROCESS,
) -> str:
    """Any bundled template (or its override in ``templates``), with the report filters.

    :func:`omnicheck.report.output.as_text` calls it for every document's Markdown and HTML.
    """
    env = environment(templates, html=html, cache_dir=cache_dir)
    # Partials are loaded while rendering, so a broken override in --templates
    # fails there too; it is the user's file, so it is bad input, not a bug.
    with template_errors(templates):
        return env.get_template(name).render(**context)


@contextlib.contextmanager
def template_errors(templates: Path | None) -> Iterator[None]:
    """A mistake of a template in ``templates`` as bad input (``FILE:LINE: template error``).

    Around a rendering, and around a terminal view or a plan's CSV that says
    the words of a ``--templates`` folder (:func:`omnicheck.report.words.cached_in`):
    wherever a user's template runs, its mistakes read the same.
    """
    try:
        yield
    except OmnicheckError:  # a template that is not UTF-8: already located
        raise
    except Exception as exc:  # any error that a --templates file raises is bad input
        # jinja is imported here, not before: a JSON document never loads it.
        import jinja2

        if isinstance(exc, jinja2.TemplateNotFound):
            # Named by an include or import of a user's template: where it says so.
            named = _user_template_line(exc, templates)
            missing = f"template {exc.name!r} not found"
            raise UsageError(f"{named}: template error: {missing}" if named else missing) from None
        if isinstance(exc, jinja2.TemplateSyntaxError):
            where = f"{exc.filename}:{exc.lineno}"
            raise UsageError(f"{where}: template error: {exc.message}") from None
        located = _user_template_line(exc, templates)
        if located is None:
            raise
        message = exc.message if isinstance(exc, jinja2.TemplateError) else exc
        raise UsageError(f"{located}: template error: {message}") from None


def _user_template_line(exc: BaseException, templates: Path | None) -> str | None:
    """FILE:LINE of the innermost frame of ``exc`` that runs a template from ``templates``.

    Jinja rewrites tracebacks so that template code shows its own file and
    line; an error in a bundled template is omnicheck's bug and returns None.
    """
    if templates is None:
        return None
    root = templates.resolve()
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = Path(tb.tb_frame.f_code.co_filename)
        if name.suffix == ".j2" and name.resolve().is_relative_to(root):
            found = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found
