"""The demo programs: who manages them, who enrolled in which role, how pairs are doing, and
whom mentees would choose."""

from dataclasses import dataclass

from shared.enums import (
    EnrollmentStatus,
    PairOutcome,
    PairStatus,
    ProgramFormat,
    ProgramKind,
    ProgramStatus,
    Role,
)

APPRENTICESHIP = ProgramKind.APPRENTICESHIP
APPROVED = EnrollmentStatus.APPROVED


@dataclass(frozen=True)
class DemoPairPlan:
    mentor: str
    mentee: str
    status: PairStatus = PairStatus.ACTIVE
    outcome: PairOutcome | None = None
    end_reason: str = ""
    ended_days_ago: int = 0
    struggling: bool = False  # few check-ins lately and little goal progress
    # A PROPOSED pair: the mentee's request (with their note), or one the mentor accepted
    # and the mentee has yet to.
    requested: str = ""
    mentor_accepted: bool = False


@dataclass(frozen=True)
class DemoProgramPlan:
    name: str
    description: str
    kind: ProgramKind
    format: ProgramFormat
    status: ProgramStatus
    objectives: tuple[str, ...]
    competencies: tuple[str, ...]
    duration_months: int
    check_in_cadence_days: int
    started_days_ago: int
    managers: tuple[str, ...]
    enrollments: tuple[tuple[str, Role, EnrollmentStatus], ...]
    pairs: tuple[DemoPairPlan, ...]
    min_group_size: int = 5
    recognition_min_responses: int = 5
    # Mentees' preferred mentors, first choice first.
    preferences: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _approved(role: Role, *names: str) -> tuple[tuple[str, Role, EnrollmentStatus], ...]:
    return tuple((name, role, APPROVED) for name in names)


PROGRAMS: tuple[DemoProgramPlan, ...] = (
    DemoProgramPlan(
        name="Master & Apprentice 2026",
        description=(
            "Every new production hire learns the trade one-on-one from an experienced master "
            "for twelve months. Masters file a quarterly mentoring plan that the head of "
            "production approves; apprentices sit the qualification exam before probation ends."
        ),
        kind=ProgramKind.APPRENTICESHIP,
        format=ProgramFormat.FORMAL,
        status=ProgramStatus.ACTIVE,
        objectives=(
            "Every apprentice passes the qualification exam by the end of probation",
            "New hires work safely and independently within six months",
            "Pass on the know-how of experienced staff before they retire",
        ),
        competencies=(
            "Safety procedures",
            "Quality control",
            "Equipment maintenance",
            "CNC machining",
            "Process documentation",
        ),
        duration_months=12,
        check_in_cadence_days=14,
        started_days_ago=330,
        managers=("Lukas Brandt", "Henrik Larsen"),
        enrollments=(
            *_approved(Role.MENTOR, "Tomasz Nowak", "Ines Carvalho", "Rajesh Iyer", "Grace Mensah"),
            ("Maja Kowalczyk", Role.MENTOR, EnrollmentStatus.RECOMMENDED),
            *_approved(
                Role.MENTEE,
                "Daniel Osei",
                "Mateo Rossi",
                "Chloe Dubois",
                "Aisha Bello",
                "Yusuf Demir",
                "Noah Fischer",
                "Emily Chen",
                "Priya Nair",
            ),
            ("Oliver Wright", Role.MENTEE, EnrollmentStatus.APPLIED),
        ),
        pairs=(
            DemoPairPlan("Tomasz Nowak", "Daniel Osei"),
            DemoPairPlan("Tomasz Nowak", "Mateo Rossi", struggling=True),
            DemoPairPlan("Ines Carvalho", "Chloe Dubois"),
            DemoPairPlan("Ines Carvalho", "Aisha Bello"),
            DemoPairPlan("Rajesh Iyer", "Yusuf Demir"),
            DemoPairPlan(
                "Rajesh Iyer",
                "Noah Fischer",
                status=PairStatus.COMPLETED,
                outcome=PairOutcome.PASSED_ON_TIME,
                end_reason="Passed the qualification exam at the end of probation.",
                ended_days_ago=120,
            ),
            DemoPairPlan("Grace Mensah", "Emily Chen"),
            DemoPairPlan(
                "Grace Mensah", "Priya Nair", status=PairStatus.PROPOSED, mentor_accepted=True
            ),
        ),
        recognition_min_responses=4,
    ),
    DemoProgramPlan(
        name="Talent Reserve 2026",
        description=(
            "The core-employee reserve in three echelons: middle managers, department heads and "
            "technical backbones, and team leaders. Each member has a director as tutor, files "
            "quarterly reports and is assessed quarterly by the tutor."
        ),
        kind=ProgramKind.TALENT_RESERVE,
        format=ProgramFormat.FORMAL,
        status=ProgramStatus.ACTIVE,
        objectives=(
            "Ready successors for every key position within two years",
            "Broaden members through job rotation and cross-department projects",
            "Recognise the outstanding members of the year",
        ),
        competencies=(
            "Strategy",
            "People leadership",
            "Stakeholder management",
            "Financial planning",
            "Public speaking",
        ),
        duration_months=18,
        check_in_cadence_days=30,
        started_days_ago=360,
        managers=("Amara Okafor", "Lukas Brandt"),
        enrollments=(
            *_approved(
                Role.MENTOR,
                "Elena Petrova",
                "Marcus Johnson",
                "Hana Suzuki",
                "Olivia Bennett",
                "William Turner",
                "Robert Klein",
            ),
            # The pool, admitted a year ago; their applications, and this year's intake at
            # every step of the reserve's admission, are in `services.demo.talent_admissions`.
            *_approved(
                Role.MENTEE,
                "Kenji Watanabe",
                "Samuel Adeyemi",
                "Laura Schmidt",
                "Diego Hernandez",
                "Mei Lin",
                "Anna Kowalski",
                "Zoe Martin",
                "Ahmed Hassan",
            ),
        ),
        pairs=(
            DemoPairPlan("Marcus Johnson", "Kenji Watanabe"),
            DemoPairPlan("Marcus Johnson", "Samuel Adeyemi"),
            DemoPairPlan("Marcus Johnson", "Laura Schmidt"),
            DemoPairPlan("Olivia Bennett", "Diego Hernandez", struggling=True),
            DemoPairPlan("William Turner", "Mei Lin"),
            DemoPairPlan("Robert Klein", "Anna Kowalski"),
            DemoPairPlan(
                "Olivia Bennett",
                "Zoe Martin",
                status=PairStatus.DECLINED,
                end_reason="Mentee asked for a tutor outside her reporting line.",
            ),
            DemoPairPlan(
                "William Turner",
                "Ahmed Hassan",
                status=PairStatus.ENDED_EARLY,
                end_reason="Mentee moved to a new role abroad.",
                ended_days_ago=150,
            ),
        ),
        # Aggregates may rest on groups of three; a tutor is ranked from three members who
        # answered (Marcus Johnson tutors three).
        min_group_size=3,
        recognition_min_responses=3,
    ),
    DemoProgramPlan(
        name="First-time Managers 2027",
        description=(
            "Informal mentoring for people who take on their first team: a peer manager from "
            "another department as a sounding board for the first six months."
        ),
        kind=ProgramKind.LEADERSHIP,
        format=ProgramFormat.INFORMAL,
        status=ProgramStatus.DRAFT,
        objectives=("New managers feel confident leading their team within six months",),
        competencies=("People leadership", "Feedback conversations", "Delegation"),
        duration_months=6,
        check_in_cadence_days=21,
        started_days_ago=-45,
        managers=("Amara Okafor",),
        enrollments=(),
        pairs=(),
    ),
    DemoProgramPlan(
        name="Cross-team Mentoring 2026",
        description=(
            "Colleagues in their first years learn from someone in another team. Mentees see "
            "the mentors suggested to them, rank up to three and ask one; the program team "
            "matches everyone left with a program-wide proposal."
        ),
        kind=ProgramKind.ONBOARDING,
        format=ProgramFormat.INFORMAL,
        status=ProgramStatus.ACTIVE,
        objectives=(
            "Every mentee has a mentor from another team within a month",
            "Mentees grow in the skills they asked for within six months",
        ),
        competencies=("Discovery", "Python", "Negotiation", "Vendor management", "Presentations"),
        duration_months=6,
        check_in_cadence_days=21,
        started_days_ago=20,
        managers=("Lukas Brandt",),
        enrollments=(
            *_approved(
                Role.MENTOR,
                "Hana Suzuki",
                "Diego Hernandez",
                "Samuel Adeyemi",
                "Thomas Moreau",
                "William Turner",
                "Sofia Marchetti",
            ),
            *_approved(
                Role.MENTEE,
                "Sara Lindqvist",
                "Carlos Mendes",
                "Nadia Rahman",
                "Lucy Evans",
                "Fatima Zahra",
            ),
        ),
        pairs=(
            # Waiting for William's answer: the rest are unpaired, for suggestions and a proposal.
            DemoPairPlan(
                "William Turner",
                "Lucy Evans",
                status=PairStatus.PROPOSED,
                requested="I negotiate supplier contracts and would love to learn from you.",
            ),
        ),
        preferences=(
            ("Sara Lindqvist", ("Diego Hernandez", "Hana Suzuki")),
            ("Carlos Mendes", ("Samuel Adeyemi",)),
            ("Nadia Rahman", ("William Turner", "Thomas Moreau")),
        ),
    ),
)
