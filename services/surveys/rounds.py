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
from shared.db import in_transaction, update_and_read
from shared.enums import InvitationState, PairStatus, ProgramStatus, Role, RoundStatus, SurveyKind
from shared.feedback.rates import InvitationCounts
from shared.models import Invitation, Pair, Program, SurveyRound, SurveyTemplate, utc_now

DEFAULT_TEMPLATE_KEYS = {
    SurveyKind.CHECK_IN: {Role.MENTEE: "mentee-check-in", Role.MENTOR: "mentor-check-in"},
    SurveyKind.END_OF_PROGRAM: {
        Role.MENTEE: "mentee-end-of-program",
        Role.MENTOR: "mentor-end-of-program",
    },
}
OPEN_STATES = (InvitationState.PENDING.value, InvitationState.OPENED.value)
# Launching or closing writes every invitation of a round in one transaction: a large
# program's round takes longer than a single response's.
WHOLE_ROUND_SECONDS = 60.0


@dataclass(frozen=True)
class IssuedLink:
    """An invitation and the one copy of its link's token."""

    invitation: Invitation
    token: str


async def current_template(key: str) -> SurveyTemplate:
    """The current version of a template a round asks for; an unknown key is a bad request."""
    try:
        return await current_version(key)
    except NotFound as error:
        raise InvalidRequest(error.detail) from None


async def round_templates(
    kind: SurveyKind, template_keys: dict[Role, str] | None = None
) -> dict[Role, SurveyTemplate]:
    """The current template for each side, checked to be meant for it."""
    keys = {**DEFAULT_TEMPLATE_KEYS[kind], **(template_keys or {})}
    templates = {role: await current_template(key) for role, key in keys.items()}
    for role, template in templates.items():
        if template.audience != role:
            raise InvalidRequest(f"Template “{template.key}” is not meant for {role.lower()}s.")
    return templates


def invitations_for(
    survey_round: SurveyRound,
    pair: Pair | dict[str, Any],
    templates: dict[Role, SurveyTemplate],
    *,
    expires_at: datetime,
    now: datetime,
) -> list[IssuedLink]:
    """A fresh link for each side of a pair in a round (not stored yet)."""

    def get(name: str) -> Any:
        return pair[name] if isinstance(pair, dict) else getattr(pair, name)

    issued = []
    for role, participant, subject in (
        (Role.MENTEE, get("mentee_id"), get("mentor_id")),
        (Role.MENTOR, get("mentor_id"), get("mentee_id")),
    ):
        token = new_token()
        invitation = Invitation(
            round_id=survey_round.id,
            program_id=survey_round.program_id,
            pair_id=get("_id") if isinstance(pair, dict) else pair.id,
            participant_id=participant,
            subject_id=subject,
            role=role,
            kind=survey_round.kind,
            template_id=templates[role].id,
            token_hash=hash_token(token),
            opens_at=survey_round.opens_at,
            expires_at=expires_at,
            link_issued_at=now,
        )
        invitation.id = PydanticObjectId()
        issued.append(IssuedLink(invitation=invitation, token=token))
    return issued


async def create_round(
    *,
    program: Program,
    label: str,
    opens_at: datetime,
    closes_at: datetime,
    template_keys: dict[Role, str] | None = None,
    created_by: PydanticObjectId | None = None,
    schedule_key: str | None = None,
    now: datetime | None = None,
) -> tuple[SurveyRound, list[IssuedLink]]:
    """A check-in round inviting both sides of every ACTIVE pair of the program that had
    started when the round opens, all in one transaction; returns each invitation with its
    token. A `schedule_key` already used in
    the program raises DuplicateKeyError. `now` stands for the current time (importing
    history); it defaults to the clock."""
    now = now or utc_now()
    if program.status != ProgramStatus.ACTIVE:
        raise Conflict("Surveys go to active programs only.")
    if closes_at <= opens_at:
        raise InvalidRequest("`closesAt` must be after `opensAt`.")
    if closes_at <= now:
        raise InvalidRequest("`closesAt` must be in the future.")
    templates = await round_templates(SurveyKind.CHECK_IN, template_keys)
    pairs = (
        await Pair.get_pymongo_collection()
        .find(
            {
                "program_id": program.id,
                "status": PairStatus.ACTIVE.value,
                # A pair is asked about mentoring it has had: none before it started.
                "starts_on": {"$lte": opens_at},
            },
            {"mentor_id": 1, "mentee_id": 1},
        )
        .to_list()
    )
    if not pairs:
        raise Conflict("This program has no active pairs to survey.")
    survey_round = SurveyRound(
        program_id=program.id,
        label=label,
        kind=SurveyKind.CHECK_IN,
        opens_at=opens_at,
        closes_at=closes_at,
        template_ids={role.value: t.id for role, t in templates.items()},
        created_by_id=created_by,
        schedule_key=schedule_key,
    )
    survey_round.id = PydanticObjectId()
    issued = [
        link
        for pair in pairs
        for link in invitations_for(survey_round, pair, templates, expires_at=closes_at, now=now)
    ]

    async def store(session: AsyncClientSession) -> None:
        await survey_round.insert(session=session)
        await Invitation.insert_many([i.invitation for i in issued], session=session)

    await in_transaction(store, seconds=WHOLE_ROUND_SECONDS)
    return survey_round, issued


async def get_round(round_id: PydanticObjectId) -> SurveyRound:
    survey_round = await SurveyRound.get(round_id)
    if survey_round is None:
        raise NotFound("No such survey round.")
    return survey_round


async def round_counts(
    round_ids: list[PydanticObjectId],
) -> dict[PydanticObjectId, InvitationCounts]:
    """Invitations per state for each round, in one aggregation."""
    pipeline: list[dict[str, Any]] = [
        {"$match": {"round_id": {"$in": round_ids}}},
        {"$group": {"_id": {"r": "$round_id", "s": "$state"}, "n": {"$sum": 1}}},
    ]
    states: dict[PydanticObjectId, dict[str, int]] = {rid: {} for rid in round_ids}
    async with await Invitation.get_pymongo_collection().aggregate(pipeline) as cursor:
        async for row in cursor:
            states[row["_id"]["r"]][row["_id"]["s"]] = row["n"]
    return {rid: InvitationCounts(by_state) for rid, by_state in states.items()}


async def counts_of(survey_round: SurveyRound) -> InvitationCounts:
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
        for state in OPEN_STATES:
            await Invitation.get_pymongo_collection().update_many(
                {"round_id": survey_round.id, "state": state},
                {"$set": {"state": InvitationState.EXPIRED.value, "updated_at": now}},
                session=session,
            )

    await in_transaction(close, seconds=WHOLE_ROUND_SECONDS)
    survey_round.status, survey_round.closed_at = RoundStatus.CLOSED, now
    return survey_round


async def reissue_link(invitation: Invitation, *, reminder: bool = False) -> IssuedLink:
    """A new link for an unanswered invitation; the previous link stops working at once. A
    reminder counts only if no other reminder was counted since `invitation` was read, so
    replicas reminding at the same moment send one."""
    if invitation.state not in (InvitationState.PENDING, InvitationState.OPENED):
        raise Conflict(f"An invitation that is {invitation.state} gets no new link.")
    token, now = new_token(), utc_now()
    changes: dict[str, object] = {
        "token_hash": hash_token(token),
        "link_issued_at": now,
        "updated_at": now,
    }
    guard: dict[str, object] = {"_id": invitation.id, "state": {"$in": list(OPEN_STATES)}}
    update: dict[str, object] = {"$set": changes}
    if reminder:
        guard["reminders_sent"] = invitation.reminders_sent
        changes["last_reminded_at"] = now
        update["$inc"] = {"reminders_sent": 1}
    updated = await update_and_read(Invitation.get_pymongo_collection(), guard, update)
    if updated is None:
        raise Conflict("The invitation was answered, closed or reminded meanwhile.")
    return IssuedLink(invitation=Invitation.model_validate(updated), token=token)


async def unanswered(round_id: PydanticObjectId) -> list[Invitation]:
    """A round's invitations nobody has answered yet (one indexed query per state)."""
    found: list[Invitation] = []
    for state in OPEN_STATES:
        found += await Invitation.find({"round_id": round_id, "state": state}).to_list()
    return found


async def remind(survey_round: SurveyRound) -> list[IssuedLink]:
    """A fresh link for everyone in an open round who has not answered yet."""
    if survey_round.status != RoundStatus.OPEN:
        raise Conflict("Reminders go out for open rounds only.")
    reminded = []
    for invitation in await unanswered(survey_round.id):  # type: ignore[arg-type]
        try:
            reminded.append(await reissue_link(invitation, reminder=True))
        except Conflict:
            continue  # answered while we were sending: nothing to remind
    return reminded


async def revoke_pending_links(pair_id: PydanticObjectId, *, now: datetime | None = None) -> int:
    """Check-in links of a pair that ended or was declined stop working; returns how many."""
    now = now or utc_now()
    revoked = 0
    for state in OPEN_STATES:
        result = await Invitation.get_pymongo_collection().update_many(
            {"pair_id": pair_id, "kind": SurveyKind.CHECK_IN.value, "state": state},
            {
                "$set": {
                    "state": InvitationState.REVOKED.value,
                    "revoked_at": now,
                    "updated_at": now,
                }
            },
        )
        revoked += result.modified_count
    return revoked
