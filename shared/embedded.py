"""The embedded MongoDB-compatible server (SecantusDB), run as a separate process.

Development and tests need no MongoDB installation: when `MENTORSHIP_MONGODB_URL` is unset the
platform starts `secantusd-py` with its data under `./var/db` and stops it cleanly afterwards.
"""

import errno
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from shared.processes import console_script, spawn, terminate

SERVER_COMMAND = "secantusd-py"


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be started."""


class PortInUseError(EmbeddedServerError):
    """Another program already listens on the port."""


class DataDirectoryInUseError(EmbeddedServerError):
    """Another running server already holds the data directory."""


class EmbeddedMongoServer:
    """A SecantusDB server on `host:port` storing its data in `data_dir` (`:memory:` for none)."""

    def __init__(
        self,
        *,
        data_dir: Path | str,
        port: int,
        host: str = "127.0.0.1",
        log_path: Path | None = None,
        startup_timeout: float = 30.0,
        cache_size: str = "512M",
    ) -> None:
        self.data_dir = data_dir if data_dir == ":memory:" else Path(data_dir)
        self.host = host
        self.port = port
        self.startup_timeout = startup_timeout
        self.cache_size = cache_size
        if log_path is None:
            parent = Path(tempfile.mkdtemp()) if data_dir == ":memory:" else Path(data_dir).parent
            log_path = parent / "secantusd.log"
        self.log_path = log_path
        self._log_offset = 0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mongodb://{self.host}:{self.port}/"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the server and return once it answers `ping`; raise a clear error otherwise."""
        if self.running:
            return
        if not _port_is_free(self.host, self.port):
            raise PortInUseError(
                f"port {self.port} on {self.host} is already in use; stop what listens there "
                "or set MENTORSHIP_EMBEDDED_PORT to a free port"
            )
        if isinstance(self.data_dir, Path):
            self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            console_script(SERVER_COMMAND),
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--storage-path",
            str(self.data_dir),
            "--cache-size",
            self.cache_size,
            "--log-level",
            "WARNING",
            # Flush the log at every commit, as a replica set journals majority writes: an
            # acknowledged write survives the server being killed.
            "--sync-on-commit",
        ]
        with self.log_path.open("ab") as log:
            self._log_offset = log.tell()
            try:
                self._process = spawn(command, log=log)
            except FileNotFoundError:
                raise EmbeddedServerError(
                    f"{SERVER_COMMAND} was not found; install the project (make run does) "
                    "or set MENTORSHIP_MONGODB_URL"
                ) from None
        self._wait_until_ready()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop cleanly (SIGTERM lets it close WiredTiger); kill it after `timeout` seconds."""
        if self._process is not None:
            terminate(self._process, timeout=timeout)
            self._process = None

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would: no clean shutdown, for tests
        of how the services cope. `start()` brings it back on the same port and data."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def __enter__(self) -> "EmbeddedMongoServer":
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        client: MongoClient[dict[str, object]]
        with MongoClient(self.url, serverSelectionTimeoutMS=250, directConnection=True) as client:
            while True:
                if self._process.poll() is not None:
                    self._process = None
                    raise self._startup_failure()
                try:
                    client.admin.command("ping")
                    return
                except PyMongoError:
                    pass
                if time.monotonic() >= deadline:
                    self.stop()
                    raise EmbeddedServerError(
                        f"the embedded server did not answer within {self.startup_timeout:g} s"
                        f"{self._log_hint()}"
                    )
                time.sleep(0.05)

    def _startup_failure(self) -> EmbeddedServerError:
        output = self._new_log_output()
        if "already being managed by another process" in output or "handle-lock" in output:
            return DataDirectoryInUseError(
                f"the data directory {self.data_dir} is held by another running server; stop it "
                "first (or point MENTORSHIP_DATA_DIR elsewhere)"
            )
        if "Address already in use" in output:
            return PortInUseError(f"port {self.port} on {self.host} is already in use")
        last_line = output.strip().splitlines()[-1] if output.strip() else "no output"
        return EmbeddedServerError(
            f"the embedded server exited at start: {last_line}{self._log_hint()}"
        )

    def _new_log_output(self) -> str:
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as log:
            log.seek(self._log_offset)
            return log.read().decode("utf-8", "replace")

    def _log_hint(self) -> str:
        return f" (see {self.log_path})"


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As servers do: connections of a stopped server lingering in TIME_WAIT do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now, for test servers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
