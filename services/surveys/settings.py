"""Settings of the survey service."""

from typing import Literal

from pydantic import Field, SecretStr

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
        default="60/minute", description="Requests per client address to survey links."
    )
    survey_max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    text_answer_max_length: int = Field(default=4000, ge=100, le=20_000)
    background_jobs: bool = Field(
        default=True, description="Run the daily pair-health job in this process."
    )
    job_interval_seconds: float = Field(default=3600, gt=0)
    trusted_proxy_hops: int = Field(
        default=0, ge=0, description="Proxies in front whose X-Forwarded-For may be trusted."
    )
