"""The order of a list and its cursors: what comes after the last item seen.

An `Ordering` sorts on one stored field (or on `_id` alone), ties broken by `_id`; the field may be
a path into an embedded document ("probation.ends_on"). A cursor holds
the sort values of the item it points at, together with the list it was issued for and the
order: a cursor of another list, or of the same list in another order, is refused rather than
silently read as a position it never was. Cursors are opaque to clients (base64url JSON).

A field that may be empty (a program without a start date, a pair without a match score) sorts
as MongoDB sorts it: empty values before every set value ascending, after them descending. Its
`lowest` value (the least a set value can be: the earliest date, "", minus infinity) lets a page
step from the empty values to the set ones with a flat range filter an index serves.
"""

import base64
import binascii
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

Document = dict[str, Any]
Filter = dict[str, Any]

NOT_VALID = "The cursor is not valid."
OTHER_LIST = (
    "The cursor belongs to another list or another order: ask for the first page of this "
    "list in this order, without `after`."
)
EARLIEST = datetime(1, 1, 1, tzinfo=UTC)
LOWEST_TEXT = ""
LOWEST_NUMBER = float("-inf")


class InvalidCursorError(ValueError):
    """A cursor this server did not issue, or one for another list. The message is safe."""


@dataclass(frozen=True)
class Ordering:
    """Sort on `field` (None: `_id` only) in `direction` (1 or -1), ties broken by `_id`; the
    cursors belong to the list `list_name`. `lowest` is the least value `field` takes when
    set, for a field that may be empty (None: it never is)."""

    field: str | None = None
    direction: int = 1
    list_name: str = ""
    lowest: Any = None

    @property
    def sort(self) -> list[tuple[str, int]]:
        keys = [(self.field, self.direction)] if self.field else []
        return [*keys, ("_id", self.direction)]

    def of_list(self, list_name: str) -> "Ordering":
        """The same order, its cursors belonging to `list_name`."""
        return replace(self, list_name=list_name)

    def cursor_for(self, document: Document) -> str:
        values: list[Any] = [str(document["_id"])]
        if self.field:
            values.insert(0, _encode_value(_value_at(document, self.field)))
        payload = {"list": self.list_name, "order": self._signature, "after": values}
        raw = json.dumps(payload, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def after_branches(self, cursor: str) -> list[Filter]:
        """What comes after `cursor`, as disjoint flat filters (one `$or` would be a scan)."""
        last_value, last_id = self._position(cursor)
        operator = "$gt" if self.direction == 1 else "$lt"
        if not self.field:
            return [{"_id": {operator: last_id}}]
        ties = {self.field: last_value, "_id": {operator: last_id}}
        if last_value is None:
            # Empty values come first ascending: then every set value; last descending.
            if self.direction == 1 and self.lowest is not None:
                return [ties, {self.field: {"$gte": self.lowest}}]
            return [ties]
        branches = [{self.field: {operator: last_value}}, ties]
        if self.direction == -1 and self.lowest is not None:
            branches.append({self.field: None})
        return branches

    def after(self, cursor: str | None, documents: list[Document]) -> list[Document]:
        """The documents of an in-memory list, in this order, that come after `cursor` (all
        of them for None)."""
        ordered = sorted(documents, key=self.key, reverse=self.direction == -1)
        if cursor is None:
            return ordered
        last_value, last_id = self._position(cursor)
        anchor: Document = {"_id": last_id}
        if self.field:
            anchor[self.field] = last_value
        position = self.key(anchor)
        if self.direction == 1:
            return [d for d in ordered if self.key(d) > position]
        return [d for d in ordered if self.key(d) < position]

    def _position(self, cursor: str) -> tuple[Any, ObjectId]:
        """The sort value and id a cursor of this list and order points at."""
        payload = _decode_cursor(cursor)
        if payload.get("list") != self.list_name or payload.get("order") != self._signature:
            raise InvalidCursorError(OTHER_LIST)
        values = payload["after"]
        if not isinstance(values, list) or len(values) != (2 if self.field else 1):
            raise InvalidCursorError(NOT_VALID)
        try:
            last_id = ObjectId(values[-1])
        except (InvalidId, TypeError) as error:
            raise InvalidCursorError(NOT_VALID) from error
        return (_decode_value(values[0]) if self.field else None), last_id

    def key(self, document: Document) -> tuple[Any, ...]:
        """The document's place in this order, comparable in Python as MongoDB compares it
        (an empty value before any set one)."""
        values = (_value_at(document, field) for field, _ in self.sort)
        return tuple((value is not None, value) for value in values)

    @property
    def _signature(self) -> list[Any]:
        return [self.field or "_id", self.direction]


BY_ID = Ordering()


def _value_at(document: Document, path: str) -> Any:
    """The value at a field path, None when any step is missing; a key holding the whole path
    (an anchor built from a cursor) as it is."""
    if path in document:
        return document[path]
    value: Any = document
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise InvalidCursorError(NOT_VALID) from error
    if not isinstance(payload, dict) or "after" not in payload:
        raise InvalidCursorError(NOT_VALID)
    return payload


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$date": value.astimezone(UTC).isoformat()}
    if isinstance(value, ObjectId):
        return {"$oid": str(value)}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        try:
            if "$date" in value:
                moment = datetime.fromisoformat(value["$date"])
                # Stored times are UTC; a cursor naming a time without a zone means UTC too.
                return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            if "$oid" in value:
                return ObjectId(value["$oid"])
        except (TypeError, ValueError, InvalidId) as error:
            raise InvalidCursorError(NOT_VALID) from error
        raise InvalidCursorError(NOT_VALID)
    if isinstance(value, list):
        raise InvalidCursorError(NOT_VALID)
    return value
