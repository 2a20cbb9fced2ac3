"""Survey rounds: inviting every mentor and mentee of a program's active pairs, following up,
and closing. Links are returned once, when they are made; only their hashes are kept."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from beanie import PydanticObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from services.surveys.errors import Conflict, InvalidRequest, NotFound
from services.surveys.links import hash_token, new_token
from services.surveys.template_versions import current_version
from shared.db import in_transaction
from shared.enums import InvitationState, PairStatus, ProgramStatus, Role, RoundStatus
from shared.models import Invitation, Pair, Program, SurveyRound, SurveyTemplate, utc_now

DEFAULT_TEMPLATE_KEYS = {Role.MENTEE: "mentee-check-in", Role.MENTOR: "mentor-check-in"}
OPEN_STATES = (InvitationState.PENDING.value, InvitationState.OPENED.value)


@dataclass(frozen=True)
class IssuedLink:
    """An invitation and the one copy of its link's token."""

    invitation: Invitation
    token: str


@dataclass(frozen=True)
class RoundCounts:
    invited: int
    by_state: dict[str, int]

    @property
    def submitted(self) -> int:
        return self.by_state.get(InvitationState.SUBMITTED.value, 0)

    @property
    def response_rate(self) -> float | None:
        """Submitted over invited, leaving out revoked invitations."""
        eligible = self.invited - self.by_state.get(InvitationState.REVOKED.value, 0)
        return round(self.submitted / eligible, 4) if eligible else None


async def current_template(key: str) -> SurveyTemplate:
    """The current version of a template a round asks for; an unknown key is a bad request."""
    try:
        return await current_version(key)
    except NotFound as error:
        raise InvalidRequest(error.detail) from None


async def create_round(
    *,
    program: Program,
    label: str,
    opens_at: datetime,
    closes_at: datetime,
    template_keys: dict[Role, str] | None = None,
    created_by: PydanticObjectId | None = None,
    now: datetime | None = None,
) -> tuple[SurveyRound, list[IssuedLink]]:
    """A round inviting both sides of every ACTIVE pair of the program, all in one
    transaction; returns each invitation with its token. `now` stands for the current time
    (importing history); it defaults to the clock."""
    now = now or utc_now()
    if program.status != ProgramStatus.ACTIVE:
        raise Conflict("Surveys go to active programs only.")
    if closes_at <= opens_at:
        raise InvalidRequest("`closesAt` must be after `opensAt`.")
    if closes_at <= now:
        raise InvalidRequest("`closesAt` must be in the future.")
    keys = {**DEFAULT_TEMPLATE_KEYS, **(template_keys or {})}
    templates = {role: await current_template(key) for role, key in keys.items()}
    for role, template in templates.items():
        if template.audience != role:
            raise InvalidRequest(f"Template “{template.key}” is not meant for {role.lower()}s.")
    pairs = await Pair.find(
        Pair.program_id == program.id, Pair.status == PairStatus.ACTIVE
    ).to_list()
    survey_round = SurveyRound(
        program_id=program.id,
        label=label,
        opens_at=opens_at,
        closes_at=closes_at,
        template_ids={role.value: t.id for role, t in templates.items()},
        created_by_id=created_by,
    )
    survey_round.id = PydanticObjectId()
    issued = []
    for pair in pairs:
        for role, participant, subject in (
            (Role.MENTEE, pair.mentee_id, pair.mentor_id),
            (Role.MENTOR, pair.mentor_id, pair.mentee_id),
        ):
            token = new_token()
            invitation = Invitation(
                round_id=survey_round.id,
                program_id=program.id,
                pair_id=pair.id,
                participant_id=participant,
                subject_id=subject,
                role=role,
                template_id=templates[role].id,
                token_hash=hash_token(token),
                expires_at=closes_at,
                link_issued_at=now,
            )
            invitation.id = PydanticObjectId()
            issued.append(IssuedLink(invitation=invitation, token=token))

    async def store(session: AsyncClientSession) -> None:
        await survey_round.insert(session=session)
        if issued:
            await Invitation.insert_many([i.invitation for i in issued], session=session)

    await in_transaction(store)
    return survey_round, issued


async def get_round(round_id: PydanticObjectId) -> SurveyRound:
    survey_round = await SurveyRound.get(round_id)
    if survey_round is None:
        raise NotFound("No such survey round.")
    return survey_round


async def round_counts(round_ids: list[PydanticObjectId]) -> dict[PydanticObjectId, RoundCounts]:
    """Invitations per state for each round, in one aggregation."""
    pipeline: list[dict[str, Any]] = [
        {"$match": {"round_id": {"$in": round_ids}}},
        {"$group": {"_id": {"r": "$round_id", "s": "$state"}, "n": {"$sum": 1}}},
    ]
    states: dict[PydanticObjectId, dict[str, int]] = {rid: {} for rid in round_ids}
    async with await Invitation.get_pymongo_collection().aggregate(pipeline) as cursor:
        async for row in cursor:
            states[row["_id"]["r"]][row["_id"]["s"]] = row["n"]
    return {
        rid: RoundCounts(invited=sum(by_state.values()), by_state=by_state)
        for rid, by_state in states.items()
    }


async def counts_of(survey_round: SurveyRound) -> RoundCounts:
    assert survey_round.id is not None
    return (await round_counts([survey_round.id]))[survey_round.id]


async def close_round(survey_round: SurveyRound, *, now: datetime | None = None) -> SurveyRound:
    """CLOSED: links that were not used expire now."""
    if survey_round.status == RoundStatus.CLOSED:
        raise Conflict("This round is already closed.")
    now = now or utc_now()

    async def close(session: AsyncClientSession) -> None:
        await SurveyRound.get_pymongo_collection().update_one(
            {"_id": survey_round.id, "status": RoundStatus.OPEN.value},
            {"$set": {"status": RoundStatus.CLOSED.value, "closed_at": now, "updated_at": now}},
            session=session,
        )
        await Invitation.get_pymongo_collection().update_many(
            {"round_id": survey_round.id, "state": {"$in": list(OPEN_STATES)}},
            {"$set": {"state": InvitationState.EXPIRED.value, "updated_at": now}},
            session=session,
        )

    await in_transaction(close)
    survey_round.status, survey_round.closed_at = RoundStatus.CLOSED, now
    return survey_round


async def reissue_link(invitation: Invitation, *, reminder: bool = False) -> IssuedLink:
    """A new link for an unanswered invitation; the previous link stops working at once."""
    if invitation.state not in (InvitationState.PENDING, InvitationState.OPENED):
        raise Conflict(f"An invitation that is {invitation.state} gets no new link.")
    token, now = new_token(), utc_now()
    changes: dict[str, object] = {"token_hash": hash_token(token), "link_issued_at": now}
    update: dict[str, object] = {"$set": {**changes, "updated_at": now}}
    if reminder:
        update["$inc"] = {"reminders_sent": 1}
        update["$set"] = {**update["$set"], "last_reminded_at": now}  # type: ignore[dict-item]
    updated = await Invitation.get_pymongo_collection().find_one_and_update(
        {"_id": invitation.id, "state": {"$in": list(OPEN_STATES)}},
        update,
        return_document=True,
    )
    if updated is None:
        raise Conflict("The invitation was answered or closed meanwhile.")
    return IssuedLink(invitation=Invitation.model_validate(updated), token=token)


async def remind(survey_round: SurveyRound) -> list[IssuedLink]:
    """A fresh link for everyone in an open round who has not answered yet."""
    if survey_round.status != RoundStatus.OPEN:
        raise Conflict("Reminders go out for open rounds only.")
    pending = await Invitation.find(
        Invitation.round_id == survey_round.id, {"state": {"$in": list(OPEN_STATES)}}
    ).to_list()
    reminded = []
    for invitation in pending:
        try:
            reminded.append(await reissue_link(invitation, reminder=True))
        except Conflict:
            continue  # answered while we were sending: nothing to remind
    return reminded
