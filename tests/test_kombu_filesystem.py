"""The embedded broker never hands a worker a half-written message."""

import os

import pytest
from django.conf import settings
from kombu import Connection

from config import kombu_filesystem


@pytest.fixture
def channel(tmp_path):
    connection = Connection(
        transport=kombu_filesystem.Transport,
        transport_options={
            "data_folder_in": str(tmp_path),
            "data_folder_out": str(tmp_path),
            "processed_folder": str(tmp_path / "done"),
        },
    )
    yield connection.default_channel
    connection.release()


def test_a_message_being_written_is_invisible_to_the_reader(channel, monkeypatch):
    seen_while_writing = []
    real_replace = os.replace

    def replace(source, destination):
        # The moment before the rename: a polling worker must find nothing to take.
        try:
            seen_while_writing.append(channel._get("pokja"))
        except Exception as exc:  # the transport's "queue empty" signal
            seen_while_writing.append(type(exc).__name__)
        real_replace(source, destination)

    monkeypatch.setattr(kombu_filesystem.os, "replace", replace)

    channel._put("pokja", {"body": "halo"})

    assert seen_while_writing == ["Empty"]
    assert channel._get("pokja") == {"body": "halo"}


def test_the_embedded_default_uses_the_atomic_transport():
    if settings.USES_FILESYSTEM_BROKER:
        assert settings.CELERY_BROKER_TRANSPORT == "config.kombu_filesystem:Transport"
    else:
        assert not hasattr(settings, "CELERY_BROKER_TRANSPORT")
