"""The `mentorship` command line: run the platform, seed demo data, run the embedded database."""

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from shared.db import DatabaseUnavailableError
from shared.embedded import EmbeddedMongoServer, EmbeddedServerError
from shared.enums import ViewerRole
from shared.settings import MentorshipSettings, SettingsError, load_settings

TOKEN_DB_WAIT_SECONDS = 3.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mentorship", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the database, both services and demo data")
    serve = commands.add_parser(
        "serve", help="run one service (trusting forwarding headers from configured proxies only)"
    )
    serve.add_argument("service", choices=["graphql-api", "surveys"])
    serve.add_argument("--host", help="address to listen on (default from the settings)")
    serve.add_argument("--port", type=int, help="port to listen on (default from the settings)")
    serve.add_argument("--no-access-log", action="store_true", help="do not log every request")
    commands.add_parser("seed", help="write the demo data into an empty database")
    commands.add_parser("db", help="run the embedded database in the foreground")
    token = commands.add_parser("token", help="issue a development access token")
    token.add_argument("email", help="e-mail of the participant the token names")
    token.add_argument(
        "--role",
        action="append",
        default=[],
        choices=[r.value for r in ViewerRole],
        help="a platform role to grant (repeatable)",
    )
    rescore = commands.add_parser("rescore", help="score stored responses with the current scorer")
    rescore.add_argument("--all", action="store_true", help="also those already scored by it")
    commands.add_parser(
        "rebuild-results", help="add every released survey round up again from its responses"
    )
    export = commands.add_parser("export-schema", help="write the GraphQL schema (SDL)")
    export.add_argument("path", nargs="?", default="schema.graphql")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "export-schema":  # the schema does not depend on any setting
        return _export_schema(Path(args.path))
    try:
        settings = load_settings(MentorshipSettings)
        if args.command == "run":
            from services.launcher import run_platform

            return run_platform(settings)
        if args.command == "serve":
            from services.serving import serve as serve_service

            return serve_service(
                args.service,
                settings,
                host=args.host,
                port=args.port,
                access_log=not args.no_access_log,
            )
        if args.command == "seed":
            return asyncio.run(_seed(settings))
        if args.command == "token":
            # Interactive: say at once when the database is not there instead of waiting.
            quick = settings.model_copy(
                update={"db_startup_timeout_seconds": TOKEN_DB_WAIT_SECONDS}
            )
            return asyncio.run(_token(quick, args.email, frozenset(map(ViewerRole, args.role))))
        if args.command == "rescore":
            return asyncio.run(_rescore(settings, everything=args.all))
        if args.command == "rebuild-results":
            return asyncio.run(_rebuild_results(settings))
        return _run_database(settings)
    except (SettingsError, EmbeddedServerError, DatabaseUnavailableError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


async def _seed(settings: MentorshipSettings) -> int:
    from services.demo.seed import seed_database

    result = await seed_database(settings)
    print(
        "seeded: " + ", ".join(f"{k} {v}" for k, v in result.counts.items())
        if result.seeded
        else "the database already holds data; nothing seeded"
    )
    return 0


async def _token(settings: MentorshipSettings, email: str, roles: frozenset[ViewerRole]) -> int:
    from services.demo.access import token_for_email

    if settings.is_production:
        print(
            "error: development tokens are issued with MENTORSHIP_ENV=development only; in "
            "production, access tokens come from your identity provider",
            file=sys.stderr,
        )
        return 1
    token = await token_for_email(settings, email=email, roles=roles)
    if token is None:
        print(f"error: no participant has the e-mail {email}", file=sys.stderr)
        return 1
    print(token)
    return 0


async def _rescore(settings: MentorshipSettings, *, everything: bool) -> int:
    from services.surveys.rescoring import rescore
    from shared.db import open_database

    async with open_database(settings, app_name="rescore"):
        done = await rescore(
            everything=everything, progress=lambda message: print(f"  {message}", flush=True)
        )
    print(f"re-scored {done.responses} responses; added up {done.rounds} released rounds again")
    return 0


async def _rebuild_results(settings: MentorshipSettings) -> int:
    from services.surveys.results import rebuild_results
    from shared.db import open_database

    async with open_database(settings, app_name="rebuild-results"):
        rounds = await rebuild_results(
            progress=lambda n: print(f"  added up {n} rounds", flush=True)
        )
    print(f"added up {rounds} released rounds again")
    return 0


def _export_schema(path: Path) -> int:
    from services.graphql_api.schema import schema_sdl

    path.write_text(schema_sdl(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


def _run_database(settings: MentorshipSettings) -> int:
    server = EmbeddedMongoServer(
        data_dir=settings.data_dir / "db", host=settings.embedded_host, port=settings.embedded_port
    )
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    server.start()
    print(f"embedded database on {server.url}; Ctrl-C stops it", flush=True)
    try:
        signal.sigwait(stop_signals)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
