"""Publishing talent-reserve admissions whose publicity period is over.

The rule and the write are `shared.talent.publication`'s: reads already show such an admission
as PUBLISHED; this job records the step in the enrollment's status and history. The survey
service runs it because it runs the platform's scheduler; it writes only that one step, only
to admissions that are due, so replicas running it at once or a repeated run record each
publication once.
"""

from dataclasses import dataclass
from datetime import datetime

from shared.talent.publication import publish_due

JOB = "talent-publication"


@dataclass
class PublicationRun:
    published: int = 0

    def as_json(self) -> dict[str, int]:
        return {"published": self.published}


async def publish_due_admissions(*, now: datetime) -> PublicationRun:
    """Record every admission due at `now` as PUBLISHED."""
    return PublicationRun(published=await publish_due(now=now))
