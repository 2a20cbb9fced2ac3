"""What every mutation does alike: payload types, input conversion and error translation."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from pydantic import ValidationError

from services.graphql_api.core.errors import UserError, invalid_id_errors, user_errors
from services.graphql_api.core.ids import InvalidGlobalIdError
from services.graphql_api.domain.errors import DomainError, invalid_input

NodeT = TypeVar("NodeT")


def payload_type(name: str, noun: str, node_type: type, verb: str) -> type:
    """`<name>`: the `noun` object after `verb`, or null with `userErrors` saying why not."""
    namespace: dict[str, Any] = {
        "__annotations__": {noun: node_type | None, "user_errors": list[UserError]},
        noun: strawberry.field(
            default=None, description=f"The {noun} {verb}; null when the mutation was refused."
        ),
        "user_errors": strawberry.field(
            default_factory=list, description="Why the mutation was refused; empty on success."
        ),
    }
    mutation = name.removesuffix("Payload")
    mutation = mutation[0].lower() + mutation[1:]
    description = f"Result of `{mutation}`: the {noun}, or the user errors that refused it."
    return strawberry.type(type(name, (), namespace), description=description)


def input_values(data: object) -> dict[str, Any]:
    """The fields a client sent (unset ones left out), as plain values."""
    values = {}
    for name, value in vars(data).items():
        if value is strawberry.UNSET:
            continue
        values[name] = (
            value.value if hasattr(value, "value") and not isinstance(value, str) else value
        )
    return values


async def perform(
    payload: type,
    noun: str,
    action: Callable[[], Awaitable[Any]],
    to_node: Callable[[dict[str, Any]], NodeT],
) -> Any:
    """Run a domain action and build its payload; expected failures become user errors."""
    try:
        document = await action()
    except DomainError as error:
        return payload(user_errors=user_errors(error))
    except ValidationError as error:
        return payload(user_errors=user_errors(invalid_input(error)))
    except InvalidGlobalIdError as error:
        return payload(user_errors=invalid_id_errors(error))
    raw = document.model_dump(by_alias=True) if hasattr(document, "model_dump") else document
    return payload(**{noun: to_node(raw)})
