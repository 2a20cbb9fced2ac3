"""Programs: create, update, and the DRAFT -> ACTIVE -> CLOSED life cycle."""

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.inputs import (
    ProgramCreate,
    ProgramFields,
    RecognitionRulesChange,
)
from services.graphql_api.domain.persistence import get_or_fail, update_if_unchanged
from shared.enums import PairStatus, ProgramStatus
from shared.models import Pair, Participant, Program
from shared.models.programs import RecognitionRules


async def create_program(*, actor: Actor, data: ProgramCreate) -> Program:
    """A new DRAFT program. Program managers who create one become one of its managers."""
    if not (actor.is_admin or actor.is_program_manager):
        raise forbidden("Only admins and program managers create programs.")
    manager_ids = list(data.manager_ids or [])
    creator = actor.participant_id
    if actor.is_program_manager and not actor.is_admin and creator and creator not in manager_ids:
        manager_ids.append(PydanticObjectId(creator))
    await _check_managers_exist(manager_ids)
    fields = data.model_dump(exclude_none=True, exclude={"manager_ids", "recognition"})
    program = Program(**fields, name_key=data.name.casefold(), manager_ids=manager_ids)
    if data.recognition is not None:
        program.recognition = _merged_rules(program.recognition, data.recognition)
    try:
        return await program.insert()
    except DuplicateKeyError:
        raise _duplicate_name(data.name) from None


async def update_program(
    *, actor: Actor, program_id: PydanticObjectId, data: ProgramFields
) -> Program:
    program = await _managed_program(actor, program_id)
    changes = data.model_dump(exclude_none=True)
    if program.status == ProgramStatus.CLOSED:
        raise DomainError.of(ErrorCode.INVALID_TRANSITION, "A closed program cannot be changed.")
    if "manager_ids" in changes:
        await _check_managers_exist(data.manager_ids or [])
    starts_on = changes.get("starts_on", program.starts_on)
    ends_on = changes.get("ends_on", program.ends_on)
    if starts_on and ends_on and ends_on <= starts_on:
        raise DomainError.of(
            ErrorCode.INVALID, "The end date must be after the start date.", "ends_on"
        )
    if "name" in changes:
        changes["name_key"] = changes["name"].casefold()
    if data.recognition is not None:
        changes["recognition"] = _merged_rules(program.recognition, data.recognition)
    if data.development_minimums is not None:
        changes["development_minimums"] = data.development_minimums
    if data.year_end_weights is not None:
        changes["year_end_weights"] = data.year_end_weights
    for name, value in changes.items():
        setattr(program, name, value)
    try:
        await program.save()
    except DuplicateKeyError:
        raise _duplicate_name(program.name) from None
    return program


async def activate_program(*, actor: Actor, program_id: PydanticObjectId) -> Program:
    """DRAFT -> ACTIVE: pairs can be formed from now on."""
    program = await _managed_program(actor, program_id)
    if not program.manager_ids:
        raise DomainError.of(
            ErrorCode.INVALID, "Name at least one manager before activating.", "manager_ids"
        )
    return await _transition(program, ProgramStatus.DRAFT, ProgramStatus.ACTIVE)


async def close_program(*, actor: Actor, program_id: PydanticObjectId) -> Program:
    """ACTIVE -> CLOSED, once no pair is still proposed or active."""
    program = await _managed_program(actor, program_id)
    open_pairs = await Pair.find(
        {
            "program_id": program.id,
            "status": {"$in": [PairStatus.PROPOSED.value, PairStatus.ACTIVE.value]},
        }
    ).count()
    if open_pairs:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            f"Complete, end or decline the {open_pairs} open pair(s) before closing the program.",
        )
    return await _transition(program, ProgramStatus.ACTIVE, ProgramStatus.CLOSED)


async def _managed_program(actor: Actor, program_id: PydanticObjectId) -> Program:
    program = await get_or_fail(Program, program_id, what="Program")
    if not await actor.manages(program_id):
        raise forbidden("Only admins and this program's managers may change it.")
    return program


async def _transition(program: Program, source: ProgramStatus, target: ProgramStatus) -> Program:
    if program.status != source:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            f"Only a {source} program can become {target}; this one is {program.status}.",
        )
    return await update_if_unchanged(
        program, expected={"status": source}, changes={"status": target}
    )


async def _check_managers_exist(manager_ids: list[PydanticObjectId]) -> None:
    found = await Participant.find({"_id": {"$in": manager_ids}}).count() if manager_ids else 0
    if found != len(set(manager_ids)):
        raise DomainError.of(ErrorCode.NOT_FOUND, "A manager was not found.", "manager_ids")


def _merged_rules(current: RecognitionRules, change: RecognitionRulesChange) -> RecognitionRules:
    merged = RecognitionRules(**{**current.model_dump(), **change.model_dump(exclude_none=True)})
    weights = (
        merged.satisfaction_weight,
        merged.positive_comment_weight,
        merged.goals_weight,
        merged.passed_on_time_weight,
    )
    if not any(weights):
        raise DomainError.of(
            ErrorCode.INVALID, "At least one recognition weight must be above 0.", "recognition"
        )
    return merged


def _duplicate_name(name: str) -> DomainError:
    return DomainError.of(ErrorCode.DUPLICATE, f"A program named “{name}” already exists.", "name")
