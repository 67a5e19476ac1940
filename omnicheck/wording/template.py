"""An answers skeleton with every question, its options and its help as comments.

People fill it in in an editor, so everything they need to answer well is in
the file itself: the question, why it matters, the option ids with what each
means, and when a question applies. The output parses as a valid (if
unanswered) answers file; ``omnicheck validate`` then lists what is missing.

It is text for people through and through, the rubric's and omnicheck's, so
it lives here at the edge, beside the words it uses for conditions; the core
gives it the rubric and how to write a YAML entry (``answers.writer``).
"""

from __future__ import annotations

import json
import textwrap

import yaml

from omnicheck.answers.writer import comment_line, entry
from omnicheck.printable import printable
from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.kinds import kind_of, option_id_of
from omnicheck.wording.conditions import describe

WIDTH = 88


def _comment(text: str, indent: str, prefix: str = "") -> list[str]:
    lead = f"{indent}# {prefix}"
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=lead,
        subsequent_indent=f"{indent}#   " if prefix else f"{indent}# ",
        break_on_hyphens=False,
    ) or [lead.rstrip()]


def answers_template(rubric: CompiledRubric, *, schema_url: str | None = None) -> str:
    lines: list[str] = []
    if schema_url:
        lines += [
            f"# yaml-language-server: $schema={schema_url}",
            "# (Editors that read the line above complete and check answers as you type;",
            f"#  'omnicheck schema --output {schema_url.removeprefix('./')}' writes that file",
            "#  if it is missing.)",
        ]
    lines += [
        comment_line(
            f'omnicheck answers for the rubric "{rubric.title}" ({rubric.id} {rubric.version}).'
        ),
        "#",
        "# Answer each question with one of the option ids listed above it (a list of ids",
        '# where it says "a list of"), then run:  omnicheck report THIS_FILE',
        "# Any answer may be n/a, or {n/a: your reason}; n/a is left out of the score.",
        "# Any answer may also be {answer: ID, note: why, evidence: [file.pdf, https://...]}.",
        '# Leave an answer empty when the "Applies only when" line above it is not true.',
        # The same quoting as the answers file that assess writes: any version reads back.
        entry("rubric", {"id": rubric.id, "version": rubric.version}, ""),
        "assessed:  # the day you answered, as YYYY-MM-DD (e.g. 2026-03-14); reports show it",
        "business:",
        "  name:  # your business's name, as it should appear in the report",
        "  # Add any details you like; they are shown at the top of the report, e.g.",
        "  # sector: Outdoor clothing",
        "  # location: Leeds",
        "answers:",
    ]
    for section in rubric.sections:
        rule = "─" * max(3, 60 - len(section.title))
        lines += ["", "  " + comment_line(f"── {section.title} {rule}")]
        if section.intro:
            lines += _comment(section.intro, "  ")
        if section.when is not None:
            lines += _comment(
                describe(rubric.named(section.when)),
                "  ",
                "Every question here applies only when: ",
            )
        for q in section.questions:
            lines += ["", *_question(rubric, q)]
    # Rubric text in comments: YAML refuses raw control characters even there,
    # and the skeleton is often printed on a terminal.
    return printable("\n".join(lines) + "\n")


def _question(rubric: CompiledRubric, q: Question) -> list[str]:
    out = _comment(q.text, "  ")
    if q.help:
        out += _comment(q.help, "  ", "Why it matters: ")
    if q.own_when is not None:
        out += _comment(describe(rubric.named(q.own_when)), "  ", "Applies only when: ")
    placeholder = kind_of(q).placeholder
    if placeholder == "handoff" and rubric.links is not None:
        stages = ", ".join(s for s, _ in rubric.links.stages)
        out += _comment(
            "A list of CHANNEL@STAGE: another active channel's id, then one of "
            f"{stages}. For example [email@purchase]. [] if none.",
            "  ",
        )
    elif placeholder == "text":
        out += _comment("Text.", "  ")
    else:
        out += _options(q, "A list of" if placeholder in ("list", "handoff") else "One of")
    out.append(f"  {q.id}:")
    return out


def _options(q: Question, lead: str) -> list[str]:
    """The placeholder of a kind with options: each id, its score and what it means."""
    out = [f"  # {lead}:"]
    width = max(len(_yaml_id(o.id)) for o in q.options)
    for o in q.options:
        text = f"{o.label}: {o.description}" if o.description else o.label
        if o.score is not None:
            text = f"[{o.score}] {text}"
        out += textwrap.wrap(
            text,
            width=WIDTH,
            break_on_hyphens=False,
            initial_indent=f"  #   {_yaml_id(o.id):<{width}}  ",
            subsequent_indent="  #   " + " " * (width + 2),
        )
    return out


def _yaml_id(option_id: str) -> str:
    """The id as it must be typed: quoted where YAML would read it as something else.

    'on' arrives as true, 'null' as nothing and '1.0' as a number; the
    validator turns only true and false back into 'yes' and 'no'.
    """
    if option_id_of(yaml.safe_load(option_id)) == option_id:
        return option_id
    return json.dumps(option_id)
