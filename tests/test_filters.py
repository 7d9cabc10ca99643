"""The filter language: parsing (every error path) and matching."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib_designdoc.core.filters import (
    Clause,
    Filter,
    FilterError,
    known_fields,
    parse_clause,
    parse_filter,
)
from sphinxcontrib_designdoc.core.kinds import BUILTIN, DEFAULT_QUALITY_LEVELS, Registry, parse_kind
from sphinxcontrib_designdoc.core.linkgraph import build_index
from sphinxcontrib_designdoc.core.model import Entry
from sphinxcontrib_designdoc.core.project import Project, Settings
from sphinxcontrib_designdoc.core.reports.query import ReportContext

REGISTRY = Registry(
    kinds={
        **BUILTIN,
        # a user kind where "priority" is free text and "affects" a list field
        "interface": parse_kind(
            "interface",
            {"fields": {"priority": "text", "versions": "list", "status": ["draft", "stable"]}},
        ),
    },
    levels=tuple(DEFAULT_QUALITY_LEVELS),
    checks=("tests",),
)


def entry(kind: str = "component", **kwargs: object) -> Entry:
    values: dict[str, object] = {"id": "C-x", "title": "A title", "docname": "doc", "lineno": 1}
    values.update(kwargs)
    return Entry(kind=kind, **values)  # type: ignore[arg-type]


GATEWAY = entry(
    id="C-gateway",
    title="API Gateway",
    docname="design/payments",
    fields=(("status", "done"), ("quality", "production")),
    links=(("depends-on", ("C-ledger", "C-vault")), ("satisfies", ("G-fast",))),
    tags=("edge", "Security"),
    owner="alice",
)
QUESTION = entry(
    "question",
    id="Q-db",
    title="Which database?",
    fields=(("status", "open"), ("priority", "blocking"), ("raised", "2024-04-01")),
    links=(("affects", ("C-ledger",)),),
    owner="bob",
)
INTERFACE = entry(
    "interface",
    id="IF-rest",
    title="REST",
    fields=(("priority", "high"), ("versions", "v1, v2"), ("status", "stable")),
)
ALL = [GATEWAY, QUESTION, INTERFACE]


def matching(text: str) -> list[str]:
    flt = parse_filter(text, REGISTRY)
    return [e.id for e in ALL if flt.matches(e)]


# -- matching -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("status=open", ["Q-db"]),
        ("status=open,done", ["C-gateway", "Q-db"]),
        ("status!=open", ["C-gateway", "IF-rest"]),
        ("status != open , done", ["IF-rest"]),
        ("STATUS=open", None),  # field names are case-sensitive: see the error tests
        ("status=Open", ["Q-db"]),  # choice values are normalised like entry options
        ("kind=question", ["Q-db"]),
        ("kind!=question", ["C-gateway", "IF-rest"]),
        ("id=C-gateway", ["C-gateway"]),
        ("id~gate", ["C-gateway"]),
        ("title~DATABASE", ["Q-db"]),  # ~ on text: substring, ignoring case
        ("title=API Gateway", ["C-gateway"]),  # = on text: the whole value, exactly
        ("title=api gateway", []),
        ("document=design/payments", ["C-gateway"]),
        ("document~payments", ["C-gateway"]),
        ("owner=alice,bob", ["C-gateway", "Q-db"]),
        ("owner!=bob", ["C-gateway", "IF-rest"]),  # no owner: != holds
        ("tags~security", ["C-gateway"]),  # ~ on a list: membership, ignoring case
        ("tags~secur", []),  # ...not a substring
        ("tags=Security", ["C-gateway"]),
        ("tags!=edge", ["Q-db", "IF-rest"]),
        ("depends-on~C-vault", ["C-gateway"]),  # a link field reads as target IDs
        ("depends-on=C-ledger,C-nothing", ["C-gateway"]),
        ("affects~C-ledger", ["Q-db"]),
        ("priority=blocking", ["Q-db"]),  # a choice field of questions...
        ("priority=high", ["IF-rest"]),  # ...and a free text field of interfaces
        ("priority~HIG", ["IF-rest"]),
        ("versions~v2", ["IF-rest"]),  # a list field
        ("versions~v", []),
        ("raised=2024-04-01", ["Q-db"]),
        ("status=open,done; owner!=bob", ["C-gateway"]),
        ("status=open,done; tags~security; owner!=bob", ["C-gateway"]),
        ("kind=component;", ["C-gateway"]),  # a trailing ; is allowed
        ("kind=component;;owner=alice", ["C-gateway"]),
        ("quality=production", ["C-gateway"]),
    ],
)
def test_matching(text: str, expected: list[str] | None) -> None:
    if expected is None:
        with pytest.raises(FilterError):
            parse_filter(text, REGISTRY)
    else:
        assert matching(text) == expected


def test_parse_once_into_a_frozen_picklable_record() -> None:
    flt = parse_filter(" status = open,deferred ; tags~security ", REGISTRY)
    assert flt == Filter(
        (
            Clause("status", "=", ("open", "deferred"), flt.clauses[0].access),
            Clause("tags", "~", ("security",), (("*", "list"),)),
        )
    )
    assert str(flt) == "status=open,deferred; tags~security"
    assert pickle.loads(pickle.dumps(flt)) == flt
    assert hash(flt) == hash(parse_filter("status=open,deferred;tags~security", REGISTRY))
    with pytest.raises(AttributeError):
        flt.clauses = ()  # type: ignore[misc]


def test_known_fields() -> None:
    fields = known_fields(REGISTRY)
    assert fields == sorted(fields)
    for name in ("kind", "id", "title", "document", "owner", "tags", "status"):
        assert name in fields
    for name in ("depends-on", "affects", "priority", "versions", "quality"):
        assert name in fields


# -- every error path -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the filter is empty"),
        ("  ;  ; ", "the filter is empty"),
        ("status", "malformed clause 'status': expected FIELD OP VALUES"),
        ("status open", "malformed clause 'status open'"),
        ("=open", "malformed clause '=open'"),
        ("status==open", "unknown status value '=open'"),
        ("status=<open>", "unknown status value '<open>'"),
        ("status>open", "malformed clause 'status>open'"),
        ("9lives=1", "malformed clause '9lives=1'"),
        ("status=", "clause 'status=' has no value after '='"),
        ("status!= , ", "clause 'status!= ,' has no value after '!='"),
        ("tags~", "clause 'tags~' has no value after '~'"),
        ("colour=red", "unknown field 'colour' in 'colour=red' (fields: actor, affects, "),
        ("STATUS=open", "unknown field 'STATUS'"),
        ("status=opne", "unknown status value 'opne' in 'status=opne' (allowed: "),
        ("kind=gaol", "unknown kind 'gaol' in 'kind=gaol' (allowed: doc, goal, "),
        ("status=open; owner=bob; colour=red", "unknown field 'colour'"),
        ("quality=perfect", "unknown quality value 'perfect'"),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(FilterError) as info:
        parse_filter(text, REGISTRY)
    assert message in str(info.value)


def test_values_of_free_fields_are_not_checked() -> None:
    # "~" is a substring: no value check; a field that is free text in one kind
    # accepts anything; link fields name IDs that may not exist yet
    assert parse_clause("status~op", REGISTRY).values == ("op",)
    assert parse_clause("priority=urgent", REGISTRY).values == ("urgent",)
    assert parse_clause("affects=X-1", REGISTRY).values == ("X-1",)


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_filter_error(text: str) -> None:
    problems: list[str] = []
    try:
        flt = parse_filter(text, REGISTRY)
    except FilterError as exc:
        problems.append(str(exc))
    if problems:
        assert problems[0]  # a message, never a traceback
        return
    assert flt.clauses
    for e in ALL:
        assert isinstance(flt.matches(e), bool)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["title", "owner", "tags", "id", "depends-on", "priority"]),
            st.sampled_from(["=", "!=", "~"]),
            st.lists(st.from_regex(r"[A-Za-z0-9 -]{1,8}", fullmatch=True), min_size=1),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_filter_is_the_conjunction_of_its_clauses(clauses: list) -> None:
    parts = []
    for name, op, values in clauses:
        values = [v.strip() for v in values if v.strip()] or ["x"]
        parts.append(f"{name}{op}{','.join(values)}")
    flt = parse_filter("; ".join(parts), REGISTRY)
    for e in ALL:
        assert flt.matches(e) == all(c.matches(e) for c in flt.clauses)
        assert flt.matches(e) == all(parse_filter(p, REGISTRY).matches(e) for p in parts)


@pytest.mark.parametrize(
    ("text", "documents"),
    [
        ("status=done", None),
        ("document!=design/payments", None),
        ("document~design", None),
        ("document=a,b", {"a", "b"}),
        ("document=a,b; owner=alice; document=b,c", {"b"}),
        ("document=a; document=b", set()),
    ],
)
def test_the_documents_a_filter_pins(text: str, documents: set[str] | None) -> None:
    pinned = parse_filter(text, REGISTRY).documents()
    assert pinned == (None if documents is None else frozenset(documents))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["document", "owner", "title"]),
            st.sampled_from(["=", "!=", "~"]),
            st.lists(st.sampled_from(["doc", "design/payments", "alice", "done", "x"]), min_size=1),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_no_entry_outside_the_pinned_documents_matches(clauses: list) -> None:
    flt = parse_filter("; ".join(f"{n}{op}{','.join(v)}" for n, op, v in clauses), REGISTRY)
    pinned = flt.documents()
    for e in ALL:
        if flt.matches(e):
            assert pinned is None or e.docname in pinned


def test_reports_select_from_the_pinned_documents_in_index_order() -> None:
    entries = [entry(id=f"C-{d}-{n}", docname=d) for d in ("a", "b", "c") for n in range(3)]
    index = build_index(entries, REGISTRY)
    cx = ReportContext(Project(index, REGISTRY, dt.date(2026, 1, 1), Settings(), {}))
    for text in ("document=c,a", "document=c,a; title~x", "document!=b", "document=zz"):
        flt = parse_filter(text, REGISTRY)
        expected = [e.id for e in index.entries if flt.matches(e)]
        assert [e.id for e in cx.select(("component",), flt)] == expected
