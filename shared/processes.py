"""Child processes the platform starts (the embedded database, the two services) and stops."""

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Runs in the child before exec: on Linux, ask the kernel to send SIGTERM when the parent
    # dies, so a killed launcher never leaves a database or a service behind.
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def spawn(
    command: Sequence[str],
    *,
    log: IO[bytes] | int | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start `command` in its own session, so a terminal's Ctrl-C reaches only the launcher,
    which then stops its children in order."""
    return subprocess.Popen(  # noqa: S603 - commands are built by the platform, not from input
        list(command),
        stdout=log,
        stderr=subprocess.STDOUT if log is not None else None,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )


def terminate(process: subprocess.Popen[bytes], *, timeout: float = 10.0) -> int:
    """Ask the process to stop (SIGTERM), and kill it if it has not within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def console_script(name: str) -> str:
    """The path of an installed console script, preferring the running interpreter's environment."""
    beside_python = Path(sys.executable).parent / name
    if beside_python.exists():
        return str(beside_python)
    return name
