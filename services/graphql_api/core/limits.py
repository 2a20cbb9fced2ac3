"""Guards that run before a query executes: authentication, and a cost limit in which page
size multiplies the cost of everything below it."""

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    validate,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

from services.graphql_api.core.errors import QueryLimitError
from services.graphql_api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from shared.tokens import AuthenticationError


class AuthenticationGate(SchemaExtension):
    """Anonymous requests get an authentication error, except introspection when allowed;
    a token that was presented but refused is an error whatever the query."""

    def __init__(self, *, allow_anonymous_introspection: bool) -> None:
        self.allow_anonymous_introspection = allow_anonymous_introspection

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        error = self._refusal(context)
        if error is not None:
            self.execution_context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        str(error),
                        original_error=error,
                        extensions={"code": "UNAUTHENTICATED"},
                    )
                ],
            )
        yield

    def _refusal(self, context: Any) -> AuthenticationError | None:
        context.authenticate_connection()
        if context.auth_error is not None:
            return context.auth_error
        if context.actor is not None:
            return None
        if self.allow_anonymous_introspection and self._is_introspection_only():
            return None
        return AuthenticationError("Authentication required: send `Authorization: Bearer <token>`.")

    def _is_introspection_only(self) -> bool:
        document = self.execution_context.graphql_document
        if document is None:
            return False
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                for selection in definition.selection_set.selections:
                    if not (
                        isinstance(selection, FieldNode) and selection.name.value.startswith("__")
                    ):
                        return False
        return True


class QueryCostLimiter(SchemaExtension):
    """Reject a query whose cost exceeds `max_cost` before running it.

    Every object costs 1. A field taking `first` (a connection) multiplies the cost of its
    selection by `first` (its default when omitted); variables count with their values.
    """

    def __init__(self, *, max_cost: int) -> None:
        self.max_cost = max_cost

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            schema = context.schema._schema
            errors = validate(schema, document, context.validation_rules)
            if not errors:
                cost = query_cost(schema, document, context.variables or {}, context.operation_name)
                if cost > self.max_cost:
                    message = (
                        f"This query costs {cost}, over the limit of {self.max_cost}: ask for "
                        "smaller pages (`first`) or fewer nested lists."
                    )
                    errors = [GraphQLError(message, original_error=QueryLimitError(message))]
            # Validation has run: strawberry skips it when errors are already a list.
            context.pre_execution_errors = errors
        yield


def query_cost(
    schema: GraphQLSchema,
    document: Any,
    variables: dict[str, Any],
    operation_name: str | None = None,
) -> int:
    """The cost of the operation that would run (see `QueryCostLimiter`)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    total = 0
    for operation in operations[:1]:
        root = schema.get_root_type(operation.operation)
        if root is not None:
            # A variable left out takes its declared default: `$n: Int = 100` costs 100.
            defaults = {
                d.variable.name.value: value_from_ast_untyped(d.default_value)
                for d in operation.variable_definitions or ()
                if d.default_value is not None
            }
            total += _selection_cost(
                schema, root, operation.selection_set, fragments, {**defaults, **variables}
            )
    return total


def _selection_cost(
    schema: GraphQLSchema,
    parent: GraphQLObjectType | GraphQLInterfaceType,
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> int:
    if selection_set is None:
        return 0
    cost = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            cost += _field_cost(schema, parent, selection, fragments, variables)
        elif isinstance(selection, InlineFragmentNode):
            on = _condition(schema, selection.type_condition, parent)
            cost += _selection_cost(schema, on, selection.selection_set, fragments, variables)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                on = _condition(schema, fragment.type_condition, parent)
                cost += _selection_cost(schema, on, fragment.selection_set, fragments, variables)
    return cost


def _condition(
    schema: GraphQLSchema,
    condition: NamedTypeNode | None,
    parent: GraphQLObjectType | GraphQLInterfaceType,
) -> GraphQLObjectType | GraphQLInterfaceType:
    """The type a fragment's fields belong to: its type condition (`... on Program` under
    `node`), else the enclosing type."""
    if condition is None:
        return parent
    found = schema.get_type(condition.name.value)
    return found if isinstance(found, GraphQLObjectType | GraphQLInterfaceType) else parent


def _field_cost(
    schema: GraphQLSchema,
    parent: GraphQLObjectType | GraphQLInterfaceType,
    node: FieldNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> int:
    definition = parent.fields.get(node.name.value)
    if definition is None:
        return 0
    child_type = get_named_type(definition.type)
    if not isinstance(child_type, GraphQLObjectType | GraphQLInterfaceType):
        return 0
    child_cost = 1 + _selection_cost(schema, child_type, node.selection_set, fragments, variables)
    if "first" not in definition.args:
        return child_cost
    return _page_size(node, definition.args["first"].default_value, variables) * child_cost


def _page_size(node: FieldNode, default: Any, variables: dict[str, Any]) -> int:
    argument = next((a for a in node.arguments or () if a.name.value == "first"), None)
    value: Any = default if isinstance(default, int) else DEFAULT_PAGE_SIZE
    if argument is not None:
        if isinstance(argument.value, IntValueNode):
            value = int(argument.value.value)
        elif isinstance(argument.value, VariableNode):
            value = variables.get(argument.value.name.value, value)
    if not isinstance(value, int):
        return MAX_PAGE_SIZE
    return max(1, min(value, MAX_PAGE_SIZE))
