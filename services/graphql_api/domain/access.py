"""Who may see and do what. The actor's scope is loaded once per request, lazily.

ADMIN: everything. PROGRAM_MANAGER: the programs whose `manager_ids` hold them, and all in
them; the participant directory. Everyone else: their own record, their programs, their own
pairs with their goals and check-ins, and the people they work with. DEPARTMENT_HEAD, HR and
EXECUTIVE take the steps the programs' policies give them (see the domain module of each step);
a DEPARTMENT_HEAD acts for the department of their own participant record. HR and EXECUTIVE see
the participant directory and every talent-reserve enrollment; a DEPARTMENT_HEAD sees the people
of their department and their talent-reserve enrollments.
"""

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bson import ObjectId

from services.graphql_api.filters import Visibility
from shared.enums import ProgramKind, ProgramStatus, ViewerRole
from shared.models import Enrollment, Pair, Participant, Program
from shared.models.programs import DISCLOSING_STATUSES

Filter = dict[str, Any]


@dataclass(frozen=True)
class _Scope:
    managed_program_ids: frozenset[ObjectId]
    enrolled_program_ids: frozenset[ObjectId]
    pair_ids: frozenset[ObjectId]
    counterpart_ids: frozenset[ObjectId]


@dataclass(frozen=True)
class _TalentScope:
    """What HR, EXECUTIVE and DEPARTMENT_HEAD roles follow: the talent-reserve programs, and
    (for a department head) the other people of their department."""

    program_ids: frozenset[ObjectId]
    department_member_ids: frozenset[ObjectId]


@dataclass
class Actor:
    """The authenticated caller: a participant (if the token names one) and platform roles."""

    participant_id: ObjectId | None
    roles: frozenset[ViewerRole]
    _scope: "asyncio.Task[_Scope] | None" = field(default=None, repr=False)
    _visible_participants: frozenset[ObjectId] | None = field(default=None, repr=False)
    _department: str | None = field(default=None, repr=False)
    _talent: "asyncio.Task[_TalentScope] | None" = field(default=None, repr=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    @property
    def is_admin(self) -> bool:
        return ViewerRole.ADMIN in self.roles

    @property
    def is_program_manager(self) -> bool:
        return ViewerRole.PROGRAM_MANAGER in self.roles

    @property
    def is_hr(self) -> bool:
        return ViewerRole.HR in self.roles

    @property
    def is_executive(self) -> bool:
        return ViewerRole.EXECUTIVE in self.roles

    @property
    def is_department_head(self) -> bool:
        return ViewerRole.DEPARTMENT_HEAD in self.roles

    async def department(self) -> str:
        """The department of the actor's own participant record ("" when none)."""
        async with self._lock:
            if self._department is None:
                me = None
                if self.participant_id is not None:
                    me = await Participant.get_pymongo_collection().find_one(
                        {"_id": self.participant_id}, {"department": 1}
                    )
                self._department = (me or {}).get("department", "") or ""
            return self._department

    async def heads_department_of(self, participant_id: ObjectId | None) -> bool:
        """Whether the actor is DEPARTMENT_HEAD of the participant's department (never of
        themselves: a head's own steps go to someone else)."""
        if not self.is_department_head or participant_id is None or self.is_self(participant_id):
            return False
        mine = await self.department()
        if not mine:
            return False
        theirs = await Participant.get_pymongo_collection().find_one(
            {"_id": participant_id}, {"department": 1}
        )
        return theirs is not None and theirs.get("department") == mine

    @property
    def follows_talent_reserve(self) -> bool:
        """HR and EXECUTIVE: every talent-reserve application and member."""
        return self.is_hr or self.is_executive

    async def talent_scope(self) -> _TalentScope:
        """Talent-reserve programs and one's department: two indexed queries, once, and only
        for the roles that use them. Everyone asking while they load waits for the same load
        and resumes at once (so what they load next still batches)."""
        if not (self.follows_talent_reserve or self.is_department_head):
            return _TalentScope(frozenset(), frozenset())
        if self._talent is None:
            self._talent = asyncio.ensure_future(self._load_talent_scope())
        return await self._talent

    async def _load_talent_scope(self) -> _TalentScope:
        department = await self.department() if self.is_department_head else ""
        programs = Program.get_pymongo_collection()
        program_ids = [
            doc["_id"]
            async for doc in programs.find({"kind": ProgramKind.TALENT_RESERVE.value}, {"_id": 1})
        ]
        members: list[ObjectId] = []
        if department:
            members = [
                doc["_id"]
                async for doc in Participant.get_pymongo_collection().find(
                    {"department": department}, {"_id": 1}
                )
                if doc["_id"] != self.participant_id
            ]
        return _TalentScope(frozenset(program_ids), frozenset(members))

    def is_self(self, participant_id: ObjectId | None) -> bool:
        return self.participant_id is not None and self.participant_id == participant_id

    async def scope(self) -> _Scope:
        """Programs managed and joined, and own pairs: three indexed queries, once. Everyone
        asking while they load waits for the same load and resumes at once, so what each of
        them loads next still goes out in one batch."""
        if self._scope is None:
            self._scope = asyncio.ensure_future(self._load_scope())
        return await self._scope

    async def _load_scope(self) -> _Scope:
        me = self.participant_id
        if me is None:
            return _Scope(frozenset(), frozenset(), frozenset(), frozenset())
        managed: list[ObjectId] = []
        if self.is_program_manager:
            managed = [
                doc["_id"]
                async for doc in Program.get_pymongo_collection().find(
                    {"manager_ids": me}, {"_id": 1}
                )
            ]
        enrolled = await Enrollment.get_pymongo_collection().distinct(
            "program_id", {"participant_id": me}
        )
        # Two indexed finds: one `$or` of the two sides reads every pair on the embedded server.
        pairs: dict[ObjectId, dict[str, Any]] = {}
        for side in ("mentor_id", "mentee_id"):
            async for doc in Pair.get_pymongo_collection().find(
                {side: me}, {"mentor_id": 1, "mentee_id": 1}
            ):
                pairs[doc["_id"]] = doc
        counterparts = {
            d["mentee_id"] if d["mentor_id"] == me else d["mentor_id"] for d in pairs.values()
        }
        return _Scope(
            managed_program_ids=frozenset(managed),
            enrolled_program_ids=frozenset(enrolled),
            pair_ids=frozenset(pairs),
            counterpart_ids=frozenset(counterparts),
        )

    async def manages(self, program_id: ObjectId | None) -> bool:
        """Admins manage every program; program managers those listing them."""
        if self.is_admin:
            return True
        return program_id in (await self.scope()).managed_program_ids

    # Visibility as MongoDB filters, so lists, pages and counts only ever hold visible objects.

    async def program_filter(self) -> Filter:
        if self.is_admin:
            return {}
        scope = await self.scope()
        return {
            "$or": [
                {"status": {"$ne": ProgramStatus.DRAFT.value}},
                {"_id": {"$in": list(scope.managed_program_ids)}},
            ]
        }

    async def pair_visibility(self) -> Visibility:
        if self.is_admin:
            return None
        scope = await self.scope()
        return _in_managed_program_or(scope, "_id", scope.pair_ids)

    async def pair_child_visibility(self) -> Visibility:
        """Goals and check-ins: visible with their pair."""
        if self.is_admin:
            return None
        scope = await self.scope()
        return _in_managed_program_or(scope, "pair_id", scope.pair_ids)

    async def enrollment_visibility(self) -> Visibility:
        if self.is_admin:
            return None
        me = [self.participant_id] if self.participant_id is not None else []
        scope = await self.scope()
        if not (self.follows_talent_reserve or self.is_department_head):
            return _in_managed_program_or(scope, "participant_id", me)
        # Three disjoint branches: programs seen whole; the department's talent-reserve
        # enrollments elsewhere; one's own elsewhere.
        talent = await self.talent_scope()
        whole = set(scope.managed_program_ids)
        if self.follows_talent_reserve:
            whole |= talent.program_ids
        branches: list[Filter] = [{"program_id": {"$in": list(whole)}}] if whole else []
        department_programs = list(talent.program_ids - whole)
        if department_programs and talent.department_member_ids:
            branches.append(
                {
                    "program_id": {"$in": department_programs},
                    "participant_id": {"$in": list(talent.department_member_ids)},
                }
            )
        if me:
            branches.append({"participant_id": {"$in": me}, "program_id": {"$nin": list(whole)}})
        return branches

    async def participant_filter(self) -> Filter:
        visible = await self.visible_participant_ids()
        return {} if visible is None else {"_id": {"$in": list(visible)}}

    async def visible_participant_ids(self) -> frozenset[ObjectId] | None:
        """None for admins and program managers, who see the whole directory; otherwise
        oneself, one's counterparts, and the managers of programs open to everyone."""
        if self.is_admin or self.is_program_manager or self.follows_talent_reserve:
            return None
        department = (await self.talent_scope()).department_member_ids
        scope = await self.scope()
        async with self._lock:
            if self._visible_participants is None:
                managers = await Program.get_pymongo_collection().distinct(
                    "manager_ids", {"status": {"$ne": ProgramStatus.DRAFT.value}}
                )
                visible = set(scope.counterpart_ids) | set(managers) | set(department)
                if self.participant_id is not None:
                    visible.add(self.participant_id)
                self._visible_participants = frozenset(visible)
            return self._visible_participants

    # Visibility of single documents, consistent with the filters above.

    async def sees_program(self, program: dict[str, Any]) -> bool:
        if self.is_admin or program.get("status") != ProgramStatus.DRAFT.value:
            return True
        return program["_id"] in (await self.scope()).managed_program_ids

    async def sees_pair(self, pair: dict[str, Any]) -> bool:
        if self.is_admin:
            return True
        scope = await self.scope()
        return pair["program_id"] in scope.managed_program_ids or pair["_id"] in scope.pair_ids

    async def sees_pair_child(self, child: dict[str, Any]) -> bool:
        if self.is_admin:
            return True
        scope = await self.scope()
        return child["program_id"] in scope.managed_program_ids or (
            child["pair_id"] in scope.pair_ids
        )

    async def sees_enrollment(self, enrollment: dict[str, Any]) -> bool:
        if self.is_admin or self.is_self(enrollment["participant_id"]):
            return True
        talent = await self.talent_scope()
        if enrollment["program_id"] in talent.program_ids and (
            self.follows_talent_reserve
            or enrollment["participant_id"] in talent.department_member_ids
        ):
            return True
        return enrollment["program_id"] in (await self.scope()).managed_program_ids

    async def sees_participant(self, participant_id: ObjectId) -> bool:
        visible = await self.visible_participant_ids()
        return visible is None or participant_id in visible

    async def private_fields_enrollment_filter(self) -> Filter | None:
        """Enrollments that open a participant's e-mail and development needs to a program
        manager: open ones in programs they manage that the person chose or an admin decided
        (`Enrollment.disclosed_to_managers`). None when the actor sees no one's (or all)."""
        if self.is_admin or not self.is_program_manager:
            return None
        managed = (await self.scope()).managed_program_ids
        if not managed:
            return None
        return {
            "program_id": {"$in": list(managed)},
            "disclosed_to_managers": True,
            "status": {"$in": [status.value for status in DISCLOSING_STATUSES]},
        }


def _in_managed_program_or(scope: _Scope, own_field: str, own: Iterable[Any]) -> Visibility:
    """In a program the actor manages, or the actor's own: two disjoint flat branches
    (`$nin` keeps the second from repeating the first), empty ones left out."""
    managed = list(scope.managed_program_ids)
    branches: list[Filter] = [{"program_id": {"$in": managed}}] if managed else []
    if mine := list(own):
        branch: Filter = {own_field: {"$in": mine}}
        if managed:
            branch["program_id"] = {"$nin": managed}
        branches.append(branch)
    return branches
