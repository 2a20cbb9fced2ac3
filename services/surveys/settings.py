"""Settings of the survey service."""

from shared.settings import MentorshipSettings


class SurveySettings(MentorshipSettings):
    """The shared settings plus what only the survey service uses."""

    invitation_ttl_days: int = 21
