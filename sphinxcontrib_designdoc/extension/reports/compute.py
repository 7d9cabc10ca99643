"""Reports in a build: where they go, and their content, once per build.

The flow of a report::

    directive (read time)          validates its options, stores a ReportSpec
                                   in the domain, returns a report_placeholder
                                   (directives.py, queries.py, placeholder.py)
    computed() (once per build)    Query.compute() -> Content, from the project
                                   of the environment, cached on the domain per
                                   distinct query
    report_digests() (after        the digest of each report's content: kept
    reading)                       where the build changed nothing the report
                                   reads, else computed (see changes.py)
    FillReports (post-transform,   render_content() -> standard docutils nodes
    placeholder.py)                (fill.py, render.py); HTML builders get the
                                   HTML of an unchanged report from the last
                                   build that rendered it (html_cache.py)

The queries and their content are Sphinx-free (:mod:`...core.reports`): the
Markdown reports and ``designdoc report`` run the same queries over an export.
The :class:`~...core.reports.content.Content` of a report is a frozen record of
everything it shows, so ``freshness`` can put it into the page digest and
rewrite exactly the pages whose reports changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...core.reports.content import Content
from ...core.reports.query import Query, ReportContext
from ..checks import env_project
from ..config import graphviz_available
from ..domain import get_domain
from ..shown import digest_of
from .kept_rows import TableRows, table_rows

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def report_context(env: BuildEnvironment) -> ReportContext:
    """The context of this build, made once (cached with the index)."""
    derived = get_domain(env).derived
    cx = derived.get("context")
    if cx is None:
        cx = ReportContext(env_project(env), graphviz_available(env.config), derived)
        derived["context"] = cx
    assert isinstance(cx, ReportContext)
    return cx


def computed(env: BuildEnvironment, query: Query) -> Content:
    """The content of a report: computed at most once per build per distinct query."""
    derived = get_domain(env).derived
    key = ("report", query)
    content = derived.get(key)
    if content is None:
        rows = entry_rows(env, query)
        cx = report_context(env)
        content = query.compute(cx) if rows is None else rows.content(query, cx)
        derived[key] = content
    assert isinstance(content, Content)
    return content


def report_digests(
    env: BuildEnvironment, reusable: Callable[[Query], bool] | None = None, keep: bool = True
) -> dict[Query, str]:
    """Query -> digest of its content, for every report of the project: kept
    from the previous build where ``reusable`` says the report shows nothing
    this build changed (see :func:`..changes.reusable_reports`), else computed
    (with the rows of entry tables kept where they can be: see
    :mod:`.kept_rows`; ``keep`` False makes every row)."""
    domain = get_domain(env)
    known = domain.report_digests
    queries = {spec.query for specs in domain.reports.values() for spec in specs}
    digests = {
        query: known[query]
        if reusable is not None and query in known and reusable(query)
        else _digest(env, query, keep)
        for query in queries
    }
    stored = domain.row_digests
    for query in stored.keys() - queries:
        del stored[query]
    return digests


def entry_rows(env: BuildEnvironment, query: Query, keep: bool = True) -> TableRows | None:
    """The entry tables of a report with the digests of their rows, made at
    most once per build (None: the report is not made of entry tables)."""
    derived = get_domain(env).derived
    key = ("rows", query)
    if keep and key in derived:
        found: TableRows | None = derived[key]
        return found
    cx = report_context(env)
    tables = query.entry_tables(cx)
    found = None if tables is None else table_rows(env, query, cx, tables, keep)
    derived[key] = found
    return found


def _digest(env: BuildEnvironment, query: Query, keep: bool = True) -> str:
    rows = entry_rows(env, query, keep)
    return digest_of(computed(env, query)) if rows is None else rows.digest(query.report)


def content_digest(env: BuildEnvironment, query: Query) -> str:
    """The digest of a report's content in this build."""
    digest = get_domain(env).report_digests.get(query)
    return digest if digest is not None else _digest(env, query)
