"""Who may resolve a field, as Strawberry permission classes, and the extension that attaches
them so that a refused viewer gets null rather than an error."""

from typing import Any, Protocol

from bson import ObjectId
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

from services.graphql_api.context import Info


class InProgram(Protocol):
    """An object that belongs to one program (a program belongs to itself)."""

    def owning_program_id(self) -> ObjectId: ...


class ManagesProgram(BasePermission):
    """Admins, and the managers of the program the field's object belongs to."""

    message = "Only admins and this program's managers may see this."

    async def has_permission(self, source: InProgram, info: Info, **kwargs: Any) -> bool:
        return await info.context.viewer.manages(source.owning_program_id())


class NullUnlessPermitted(PermissionExtension):
    """Strawberry's `PermissionExtension`, failing silently: the field resolves to null for a
    viewer the permissions refuse (an empty list for a list that cannot be null). Strawberry
    alone would answer an empty list for a nullable list too; these fields promise null. No
    schema directive is added, so the schema stays as it is."""

    def __init__(self, *permissions: BasePermission) -> None:
        super().__init__(permissions=list(permissions), use_directives=False, fail_silently=True)

    def apply(self, field: StrawberryField) -> None:
        super().apply(field)
        if isinstance(field.type, StrawberryOptional):
            self.return_empty_list = False
