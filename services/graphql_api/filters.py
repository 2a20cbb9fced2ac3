"""Flat filters: conditions AND-ed into one dict of fields, never wrapped in `$and`.

The embedded server (SecantusDB) plans a filter from an index only when it is a flat dict of
field conditions: a top-level `$and` or `$or` makes it read the whole collection. So the
conditions a list combines (the caller's filter, the viewer's visibility, a keyset cursor)
are intersected here, field by field, where that is exact: equality and `$in` sets, `$nin`
exclusions, and range bounds on comparable values. Field order matters there too: with no
compound index covering the filter it serves the FIRST clause an index can serve, so `_id`
sets come first, then the caller's `lead` fields (say, the parent of a child list).
MongoDB plans flat filters at least as well, so nothing here is specific to one server.
"""

import operator
from typing import Any

Filter = dict[str, Any]
# What a viewer may see of a collection: the union of disjoint flat filters, each of which an
# index can serve (one `$or` of them makes the embedded server read the whole collection).
# None: everything; []: nothing.
Visibility = list[Filter] | None

_RANGE = {"$gt": operator.gt, "$gte": operator.ge, "$lt": operator.lt, "$lte": operator.le}
_PASSED_THROUGH = ("$or",)  # kept as they are; a filter may carry one of each


def in_programs_filter(program_ids: list[Any]) -> Filter:
    """The condition "in one of these programs": an equality for one program, since the
    embedded server bounds an index's further keys (a year, a quarter) only after equalities,
    and a one-value `$in` would read all of the program's history."""
    if len(program_ids) == 1:
        return {"program_id": program_ids[0]}
    return {"program_id": {"$in": list(program_ids)}}


class NotFlatError(ValueError):
    """Two conditions on one field that cannot be intersected exactly."""


def _is_operator(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(k.startswith("$") for k in value)


def _as_set(value: Any) -> list[Any] | None:
    """The values an equality or `$in` condition allows; None for any other condition."""
    if not _is_operator(value):
        return [value]
    if list(value) == ["$in"]:
        return list(value["$in"])
    if list(value) == ["$eq"]:
        return [value["$eq"]]
    return None


def _comparable(a: Any, b: Any) -> bool:
    numbers = (int, float)
    return type(a) is type(b) or (isinstance(a, numbers) and isinstance(b, numbers))


def _keep(values: list[Any], condition: dict[str, Any]) -> list[Any]:
    """The values of a set that also satisfy `condition` (`$nin` and range operators)."""
    kept = values
    for op, bound in condition.items():
        if op == "$nin":
            excluded = set(bound)
            kept = [v for v in kept if v not in excluded]
        elif op in _RANGE and all(_comparable(v, bound) for v in kept):
            kept = [v for v in kept if _RANGE[op](v, bound)]
        else:
            raise NotFlatError(op)
    return kept


def _intersect(first: Any, second: Any) -> Any:
    """One condition equivalent to both; None when no value can satisfy both."""
    a, b = _as_set(first), _as_set(second)
    if a is not None and b is not None:
        allowed = set(b)
        values = [v for v in dict.fromkeys(a) if v in allowed]
    elif a is not None:
        values = _keep(list(dict.fromkeys(a)), second)
    elif b is not None:
        values = _keep(list(dict.fromkeys(b)), first)
    elif set(first) == set(second) == {"$nin"}:
        return {"$nin": list(dict.fromkeys([*first["$nin"], *second["$nin"]]))}
    elif set(first) & set(second):
        raise NotFlatError(f"{first} and {second}")
    else:
        return {**first, **second}
    if not values:
        return None
    scalar = not _is_operator(first) or not _is_operator(second)
    return values[0] if scalar and len(values) == 1 else {"$in": values}


def _rank(field: str, condition: Any, lead: tuple[str, ...]) -> tuple[int, int]:
    if field == "_id" and _as_set(condition) is not None:
        return (0, 0)
    if field in lead:
        return (1, lead.index(field))
    if _as_set(condition) is not None:
        return (2, 0)
    return (3, 0)


def flat_and(*filters: Filter | None, lead: tuple[str, ...] = ()) -> Filter | None:
    """The conjunction of flat filters as one flat filter; None when it can match nothing
    (or one of `filters` is None). Raises NotFlatError for conditions it cannot intersect."""
    merged: Filter = {}
    for part in filters:
        if part is None:
            return None
        for field, condition in part.items():
            if field in merged:
                if field.startswith("$"):
                    raise NotFlatError(field)
                condition = _intersect(merged[field], condition)
                if condition is None:
                    return None
            elif field.startswith("$") and field not in _PASSED_THROUGH:
                raise NotFlatError(field)
            merged[field] = condition
    order = sorted(merged, key=lambda f: _rank(f, merged[f], lead))
    return {field: _single(merged[field]) for field in order}


def _single(condition: Any) -> Any:
    """`{$in: [v]}` as the equality `v` (the same match): bare equalities are what the
    embedded server serves from compound indexes (`{program_id: p, participant_id: me}`
    rides the unique program/participant/role index)."""
    values = _as_set(condition) if _is_operator(condition) else None
    single = values is not None and len(values) == 1 and not isinstance(values[0], (dict, list))
    return values[0] if values is not None and single else condition


def all_of(*filters: Filter | None, lead: tuple[str, ...] = ()) -> Filter | None:
    """`flat_and`, falling back to `$and` (correct, but unindexed on the embedded server)
    for conditions it cannot intersect."""
    try:
        return flat_and(*filters, lead=lead)
    except NotFlatError:
        if any(part is None for part in filters):
            return None
        kept = [part for part in filters if part]
        return {"$and": kept} if len(kept) > 1 else (kept[0] if kept else {})
