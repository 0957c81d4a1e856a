"""Request ids: a trusted proxy's is kept, anyone else's is replaced; logs carry it as JSON."""

import json
import logging

import pytest

from config.jsonlog import JsonFormatter
from config.request_id import current_request_id

pytestmark = pytest.mark.django_db


def test_a_response_carries_a_new_request_id(client):
    first = client.get("/robots.txt")["X-Request-ID"]
    second = client.get("/robots.txt")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.parametrize(
    ("proxies", "peer", "sent", "kept"),
    [
        (["127.0.0.1"], "127.0.0.1", "nginx-0123456789abcdef", True),
        (["10.0.0.0/8"], "10.1.2.3", "abc123def456", True),
        ([], "127.0.0.1", "nginx-0123456789abcdef", False),
        (["10.0.0.0/8"], "203.0.113.9", "abc123def456", False),
        (["127.0.0.1"], "127.0.0.1", "bad id with spaces", False),
        (["127.0.0.1"], "127.0.0.1", "x" * 200, False),
    ],
)
def test_an_incoming_request_id_is_kept_only_from_a_trusted_proxy(
    client, settings, proxies, peer, sent, kept
):
    settings.TRUSTED_PROXIES = proxies
    response = client.get("/robots.txt", REMOTE_ADDR=peer, HTTP_X_REQUEST_ID=sent)
    assert (response["X-Request-ID"] == sent) is kept


def test_json_log_lines_carry_the_request_id_and_extra_fields():
    record = logging.makeLogRecord(
        {"name": "comments", "levelname": "WARNING", "msg": "Email %s failed", "args": (7,)}
    )
    record.attempt = 2
    token = current_request_id.set("req-42abcdef")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        current_request_id.reset(token)
    assert line["message"] == "Email 7 failed"
    assert line["request_id"] == "req-42abcdef"
    assert line["attempt"] == 2
    assert line["level"] == "WARNING"


def test_json_log_lines_outside_a_request_have_no_request_id():
    record = logging.makeLogRecord({"msg": "worker started"})
    assert "request_id" not in json.loads(JsonFormatter().format(record))
