"""The embedded server: starts, keeps data across restarts, and fails clearly, never hangs."""

import socket
from pathlib import Path

import pytest
from pymongo import MongoClient

from shared.embedded import (
    DataDirectoryInUseError,
    EmbeddedMongoServer,
    PortInUseError,
    free_port,
)


def test_data_survives_a_stop_and_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "db"
    server = EmbeddedMongoServer(data_dir=data_dir, port=free_port())
    with server, MongoClient(server.url) as client:
        client.platform.programs.insert_one({"name": "Apprenticeship 2026"})
    assert not server.running

    restarted = EmbeddedMongoServer(data_dir=data_dir, port=free_port())
    with restarted, MongoClient(restarted.url) as client:
        names = [doc["name"] for doc in client.platform.programs.find()]

    assert names == ["Apprenticeship 2026"]


def test_a_data_directory_held_by_a_running_server_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "db"
    with EmbeddedMongoServer(data_dir=data_dir, port=free_port()):
        second = EmbeddedMongoServer(data_dir=data_dir, port=free_port(), startup_timeout=60)

        with pytest.raises(DataDirectoryInUseError, match="held by another running server"):
            second.start()

        assert not second.running


def test_a_taken_port_is_refused(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        server = EmbeddedMongoServer(data_dir=tmp_path / "db", port=port)

        with pytest.raises(PortInUseError, match=f"port {port}"):
            server.start()

        assert not server.running
