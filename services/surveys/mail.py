"""Invitation and reminder e-mails, sent over SMTP when a server is configured."""

import logging
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib

from services.surveys.rendering import templates
from services.surveys.settings import SurveySettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SurveyEmail:
    """What one invitation or reminder says."""

    to_address: str
    to_name: str
    counterpart_name: str
    program_name: str
    link: str
    closes_at: datetime
    reminder: bool = False


def compose(settings: SurveySettings, email: SurveyEmail) -> EmailMessage:
    """A plain-text message with an HTML alternative."""
    message = EmailMessage()
    subject = "Reminder: " if email.reminder else ""
    message["Subject"] = f"{subject}How is your mentoring going? ({email.program_name})"
    message["From"] = settings.smtp_sender
    # A display name is data, never header syntax: the header registry quotes it, and line
    # breaks are dropped first, so a name such as "Ann <x@evil.example>, Ann" mails nobody else.
    message["To"] = Address(display_name=_one_line(email.to_name), addr_spec=email.to_address)
    message["Message-ID"] = make_msgid(domain="mentoring.local")
    context = {"email": email, "deadline": f"{email.closes_at:%A %d %B %Y}"}
    message.set_content(templates.get_template("email.txt").render(context))
    message.add_alternative(templates.get_template("email.html").render(context), subtype="html")
    return message


def _one_line(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


async def send(settings: SurveySettings, email: SurveyEmail) -> str | None:
    """Send one message; returns None on success, else why it failed (it is not raised: one
    bad address must not stop a round's other invitations)."""
    if not settings.smtp_host:
        return "no SMTP server configured"
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    try:
        await aiosmtplib.send(
            compose(settings, email),
            recipients=[email.to_address],  # the envelope never follows the headers
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            use_tls=settings.smtp_security == "tls",
            start_tls=settings.smtp_security == "starttls",
            timeout=settings.smtp_timeout_seconds,
        )
    except (aiosmtplib.SMTPException, OSError, ValueError) as error:  # ValueError: bad address
        logger.warning("could not send survey e-mail: %s", type(error).__name__)
        return f"{type(error).__name__}: delivery failed"
    return None
