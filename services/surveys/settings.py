"""Settings of the survey service."""

from typing import Literal

from limits import parse
from pydantic import Field, SecretStr, field_validator

from shared.settings import MentorshipSettings


class SurveySettings(MentorshipSettings):
    """The shared settings plus what only the survey service uses."""

    smtp_host: str | None = Field(default=None, description="SMTP server; unset sends no mail.")
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_sender: str = "Mentoring program <mentoring@localhost>"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["none", "starttls", "tls"] = "starttls"
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)

    survey_rate_limit: str = Field(
        default="300/minute",
        description="Requests to survey links per client address (IPv6: per /64), per replica. "
        "Generous: a whole office may answer from one address within minutes of an e-mail.",
    )
    survey_link_rate_limit: str = Field(
        default="20/minute",
        description="Requests per survey link, from any address, per replica: opening, "
        "answering and a few retries fit easily.",
    )
    survey_max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    text_answer_max_length: int = Field(default=4000, ge=100, le=20_000)
    background_jobs: bool = Field(
        default=True,
        description="Run background work in this process at all: the feedback worker and the "
        "automations below (each may also be turned off on its own).",
    )
    feedback_worker: bool = Field(
        default=True, description="Carry stored responses into pair health and live notices."
    )
    job_interval_seconds: float = Field(
        default=300, gt=0, description="How often scheduled rounds and reminders are checked."
    )
    pair_sync_interval_seconds: float = Field(
        default=60, gt=0, description="How often ended pairs and changed programs are looked for."
    )
    auto_rounds: bool = Field(
        default=True, description="Launch a check-in round when a program's cadence says so."
    )
    scheduled_round_days: int = Field(
        default=14, ge=1, le=90, description="How long a scheduled round's links stay open."
    )
    auto_reminders: bool = Field(
        default=True, description="Remind those who have not answered before a round closes."
    )
    reminder_days_before_close: int = Field(default=3, ge=1, le=60)
    max_reminders: int = Field(
        default=2, ge=1, le=10, description="At most this many reminders per invitation."
    )
    reminder_interval_hours: int = Field(
        default=48, ge=1, description="At least this long between two reminders to one person."
    )
    end_of_program_surveys: bool = Field(
        default=True, description="Survey both sides when a pair is completed or ends early."
    )
    end_of_program_survey_days: int = Field(
        default=14, ge=1, le=90, description="How long an end-of-program survey stays open."
    )
    revoke_ended_pair_links: bool = Field(
        default=True, description="Links of a pair that ended or was declined stop working."
    )
    daily_refresh: bool = Field(
        default=True, description="Re-assess every active pair and refresh recognitions daily."
    )

    @field_validator("survey_rate_limit", "survey_link_rate_limit")
    @classmethod
    def _rate(cls, value: str) -> str:
        try:
            parse(value)
        except ValueError:
            raise ValueError(f"“{value}” is not a rate such as 60/minute") from None
        return value
