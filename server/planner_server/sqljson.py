"""JSON built by the database, spelled alike on SQLite and PostgreSQL: SQL elements that compile
to each dialect's functions, so a statement built once runs on both."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, Text, cast, func, literal
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class IsoInstant(FunctionElement[str]):
    """An instant as every answer spells it: ``YYYY-MM-DDTHH:MM:SS``, then six digits of fraction
    unless it is zero, then ``+00:00`` (as orjson writes a UTC datetime)."""

    type = String()
    name = "iso_instant"
    inherit_cache = True


@compiles(IsoInstant)
def _iso_instant_sqlite(element: IsoInstant, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff" in UTC (db.UTCDateTime)
    (column,) = element.clauses
    text = func.replace(cast(column, Text), " ", "T")
    return compiler.process(func.replace(text, ".000000", "") + "+00:00", **kw)


@compiles(IsoInstant, "postgresql")
def _iso_instant_postgres(element: IsoInstant, compiler: SQLCompiler, **kw: Any) -> str:
    # short, as the SQLite form: statements over 4 kB are parsed again by psycopg at every execution
    (column,) = element.clauses
    text = func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.US')
    return compiler.process(func.replace(text, ".000000", "") + "+00:00", **kw)


class CostText(FunctionElement[str]):
    """Cents as the decimal text of the answer: 1234.05."""

    type = String()
    name = "cost_text"
    inherit_cache = True


@compiles(CostText)
def _cost_sqlite(element: CostText, compiler: SQLCompiler, **kw: Any) -> str:
    (cents,) = element.clauses
    return compiler.process(func.printf("%d.%02d", cents // 100, cents % 100), **kw)


@compiles(CostText, "postgresql")
def _cost_postgres(element: CostText, compiler: SQLCompiler, **kw: Any) -> str:
    (cents,) = element.clauses
    return f"CAST(CAST({compiler.process(cents, **kw)} / 100.0 AS NUMERIC(12, 2)) AS TEXT)"


class JSONObject(FunctionElement[str]):
    """The JSON object text of name/value pairs (names are written in as identifiers)."""

    type = Text()
    name = "json_object"
    inherit_cache = True


@compiles(JSONObject)
def _json_object_sqlite(element: JSONObject, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


@compiles(JSONObject, "postgresql")
def _json_object_postgres(element: JSONObject, compiler: SQLCompiler, **kw: Any) -> str:
    # row_to_json writes compact text ({"id":1}); json_build_object's has a space on both sides of
    # every colon, a tenth more bytes in a long list
    pairs = iter(element.clauses)
    columns = ", ".join(f'{compiler.process(value, **kw)} AS "{str(name).strip(chr(39))}"'
                        for name, value in zip(pairs, pairs, strict=True))
    return f"(SELECT CAST(row_to_json(o) AS TEXT) FROM (SELECT {columns}) AS o)"


class JoinedObjects(FunctionElement[str]):
    """The texts of a column joined with commas, ordered by the columns after it (SQLite: in the
    order of the rows, which the subquery sorts)."""

    type = Text()
    name = "joined_objects"
    inherit_cache = True


@compiles(JoinedObjects)
def _joined_sqlite(element: JoinedObjects, compiler: SQLCompiler, **kw: Any) -> str:
    first, *_ = element.clauses
    return compiler.process(func.group_concat(first, ","), **kw)


@compiles(JoinedObjects, "postgresql")
def _joined_postgres(element: JoinedObjects, compiler: SQLCompiler, **kw: Any) -> str:
    first, *order = element.clauses
    return compiler.process(func.string_agg(first, aggregate_order_by(literal(","), *order)), **kw)
