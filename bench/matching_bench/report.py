"""What the mutual-choice benchmark prints: the program and its requests, each burst beside
its floor, what the mutations returned, the commands they sent and the checks."""

from collections import Counter
from dataclasses import dataclass

from bench.matching_bench.checks import Check
from bench.matching_bench.commands import print_profile
from bench.matching_bench.load import DONE, Run
from bench.matching_bench.program import ChoiceProgram
from bench.policy_bench.commands import SentCommand
from bench.survey_bench.figures import verdict

WHEN = ("before", "after")


@dataclass(frozen=True)
class Burst:
    """A mutation sent to every request at once, its floor's runs before and after it, and
    the database commands it sent (and the server refused)."""

    run: Run
    floors: tuple[Run, Run]
    sent: list[SentCommand]
    refused: Counter[str]

    @property
    def ratio(self) -> float:
        """Mutations per second over floor writes per second (the mean of its two runs)."""
        return self.run.per_second / self.floor_per_second

    @property
    def floor_per_second(self) -> float:
        return sum(floor.per_second for floor in self.floors) / len(self.floors)


def print_world(scale: float, company: list[str], world: ChoiceProgram) -> None:
    asked = Counter(ask.mentor_id for ask in world.asks)
    wanted = [m for m, n in asked.items() if n > world.capacities[m]]
    top, most = asked.most_common(1)[0]
    seconds = sum(ask.second for ask in world.asks)
    print(f"company at scale {scale:g}: {', '.join(company)}")
    print(
        f"program: {len(world.capacities)} mentors with {world.places} places, "
        f"{len(world.mentees)} mentees ({world.from_idle} of them employees in no program, "
        f"{world.hired} new hires); {len(world.asks)} requests ({seconds} second requests); "
        f"{len(wanted)} mentors asked more often than their places, the most asked "
        f"{most} times for {world.capacities[top]}"
    )


def print_bursts(bursts: list[Burst], concurrency: int) -> None:
    print(
        f"\n{f'at concurrency {concurrency}':<34}{'writes':>7}{'seconds':>9}{'per s':>8}"
        f"{'p50 ms':>8}{'p95 ms':>8}"
    )
    for burst in bursts:
        floors = [
            (f"  floor {run.name}, {when}", run)
            for run, when in zip(burst.floors, WHEN, strict=True)
        ]
        for label, run in [(burst.run.name, burst.run), *floors]:
            print(
                f"{label:<34}{len(run.outcomes):>7}{run.seconds:>9.2f}{run.per_second:>8.1f}"
                f"{run.latency_ms(0.5):>8.1f}{run.latency_ms(0.95):>8.1f}"
            )
    for burst in bursts:
        print(
            f"throughput ratio {burst.run.name} / floor: {burst.ratio:.3f} "
            f"({burst.run.per_second:.1f} / {burst.floor_per_second:.1f} per s, the floor "
            "the mean of its two runs)"
        )


def _outcomes(results: Counter[str], done: str) -> str:
    shown = ", ".join(f"{done if k == DONE else k} {n}" for k, n in results.most_common())
    return shown or "none"


def print_outcomes(requests: Burst, accepts: Burst, world: ChoiceProgram) -> None:
    """What each mutation returned (the requests split into first and second ones), then
    the commands each burst sent."""
    print()
    for label, second in (("first requests", False), ("second requests at once", True)):
        results = Counter(
            outcome.result
            for ask, outcome in zip(world.asks, requests.run.outcomes, strict=True)
            if ask.second == second
        )
        print(f"{requests.run.name}, {label}: {_outcomes(results, 'created')}")
    print(f"{accepts.run.name}: {_outcomes(accepts.run.results(), 'accepted')}")
    print()
    for burst in (requests, accepts):
        print_profile(burst.run.name, burst.sent, burst.refused, max(1, len(burst.run.outcomes)))


def bug_check(runs: list[Run]) -> Check:
    """A 5xx, a GraphQL error or no answer is a bug a user meets, whatever the load."""
    found = Counter(o.result for run in runs for o in run.outcomes if o.is_bug)
    return Check(
        "no request met a 5xx, a GraphQL error or no answer",
        not found,
        ", ".join(f"{k} x{n}" for k, n in found.items()) or "none",
    )


def print_checks(checks: list[Check]) -> None:
    print("\nchecks:")
    for check in checks:
        print(f"  {verdict(check.passed)}  {check.name}: {check.detail}")
