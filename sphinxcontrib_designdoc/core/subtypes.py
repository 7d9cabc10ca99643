"""Warning subtypes: every problem the extension reports is one of these.

Each member's docstring says what causes the warning and how to fix it; the
reference page of warnings is generated from this Enum.  Silence one kind with
``suppress_warnings = ["designdoc.<subtype>"]``.  A :class:`Problem` is one
problem found in the project, the same whether a Sphinx build or the
``designdoc`` command finds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .model import Entry


class Subtype(Enum):
    """The ``designdoc.<subtype>`` warning types.

    Each is shown in every build, full, incremental or from the cache, until its
    cause is fixed: the warnings about a document that was not read again are
    logged from the record the environment keeps of them."""

    duplicate_id = "duplicate_id"
    """Two entries share an ID. IDs are unique across the whole project: give one
    of them another ``:id:``. The first one (in document-name order) keeps the ID."""

    invalid_id = "invalid_id"
    """An ``:id:`` does not match ``designdoc_id_pattern``, or is missing while
    ``designdoc_id_required`` is set. The entry is shown under its generated ID."""

    unknown_ref = "unknown_ref"
    """A link field or a ``design:ref`` role names an ID that no entry has. Fix
    the ID, or add the entry it should point to."""

    link_kind = "link_kind"
    """A link field points to an entry of a kind it may not point to (for example
    ``:satisfies:`` naming a component instead of a goal)."""

    invalid_value = "invalid_value"
    """An option value is outside the field's allowed values, a date is not an ISO
    date (``YYYY-MM-DD``), or an option is unknown to the entry's kind. The
    value is kept as written and shown flagged as invalid; reports and checks
    treat the field as having no valid value. The message suggests the nearest
    allowed value or option."""

    missing_title = "missing_title"
    """An entry has no title argument (only ``design-doc`` takes its title from
    the document)."""

    duplicate_doc = "duplicate_doc"
    """A document holds more than one ``design-doc``; only the first counts."""

    config = "config"
    """A ``designdoc_*`` configuration value has the wrong type or shape; the
    default (or the valid part of the value) is used instead."""

    invalid_filter = "invalid_filter"
    """A report directive's ``:filter:`` cannot be parsed, or names a field, kind
    or value that no kind has. The filter language is ``FIELD OP VALUES``
    clauses separated by ``;``, with OP one of ``=``, ``!=`` and ``~``. The
    report is left out of the page until the filter is fixed."""

    overdue_question = "overdue_question"
    """An open question is past its ``:due:`` date (checked against the build
    date). Only reported when ``designdoc_warn_overdue`` is set: answer or defer
    the question, or move its due date."""

    blocking_question = "blocking_question"
    """A design document is ``approved`` or ``implemented`` while it still holds
    an open question of priority ``blocking``. Answer the question, or set the
    document's status back."""

    dependency_cycle = "dependency_cycle"
    """Entries depend on each other in a cycle through ``:depends-on:`` links
    (reported once per cycle, at the entry of the cycle that comes first in
    document order). Break the cycle by removing one of the links."""

    self_link = "self_link"
    """An entry names itself in a link field (a decision that ``:supersedes:``
    itself). Remove the ID from the field. An entry that ``:depends-on:`` itself
    is reported as a ``dependency_cycle``."""

    missing_gate = "missing_gate"
    """A component's quality level requires a check (``designdoc_quality_levels``
    or a policy gate of its document) and no ``quality-gate`` of that check
    ``:applies-to:`` the component. Add the gate (``:status: pending`` until it
    passes), or lower the component's ``:quality:``."""

    failing_gate = "failing_gate"
    """A quality gate that a component's level requires is failing. Only reported
    when ``designdoc_warn_failing_gates`` is set: fix what fails, or waive the
    gate with ``:status: waived`` and the reason in its body."""

    evidence = "evidence"
    """A quality gate's ``:evidence:`` file is missing, empty, unreadable or not one
    of JUnit XML, coverage.py JSON, Cobertura XML and SARIF, or its
    ``:threshold:`` does not fit the file (coverage needs a percentage, SARIF
    level names). The gate's status is ``unknown`` until it is fixed."""

    evidence_mismatch = "evidence_mismatch"
    """A quality gate's ``:status:`` says ``passing`` or ``failing`` and its
    ``:evidence:`` file says otherwise. The evidence decides; remove the
    ``:status:`` (or fix what fails)."""

    graph = "graph"
    """Graphviz's ``dot`` (``graphviz_dot``) is installed but failed to draw a
    ``design-graph``: it exited with an error, or could not be run. The message
    quotes its error; the graph is shown as a nested list of its links until it
    is fixed (check ``graphviz_dot_args`` and the Graphviz installation). It is
    logged when the page with the graph is written, and that page is written
    again by every build until ``dot`` draws it. A ``dot`` that is not
    installed is no warning: graphs are then lists, and the build says so once."""

    misplaced_option = "misplaced_option"
    """An entry's option is written where it is read as something else: after a
    blank line it starts the body; on the title's line, or in RST indented
    deeper than the title (or its continuation lines), it becomes part of the
    title. The entry is read without it (a generated ID, default values). Write
    the options on lines of their own right under the title, with no blank line,
    indented like the body."""

    backtick_fence = "backtick_fence"
    """A MyST directive is opened by a backtick fence whose first line holds a
    backtick (a title with code in it): CommonMark opens no fence there, so the
    entry is lost, shown as a paragraph, and its closing fence starts a code
    block that takes the rest of the document. Open it with ``~~~`` instead, or
    with ``:::`` (MyST's ``colon_fence`` extension)."""

    reserved_docname = "reserved_docname"
    """A document has the name of a page that the HTML builder writes itself
    (``search``, ``genindex``, a domain index such as ``py-modindex``, a page of
    ``html_additional_pages``), which replaces the document in the output
    without a word from Sphinx. Rename the document."""


@dataclass(frozen=True)
class Problem:
    """A cross-document problem, reported once per build."""

    entry: Entry
    subtype: Subtype
    message: str
