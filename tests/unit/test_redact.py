"""Redaction of headers, URLs and bodies (kinbase._redact)."""

from __future__ import annotations

import json
import string

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from kinbase._redact import (
    REDACTED,
    redact_body,
    redact_headers,
    redact_json,
    redact_request,
    redact_response,
    redact_url,
)

SECRET = "s3cr3t-VALUE"


def test_headers_hide_credentials_but_keep_the_scheme() -> None:
    headers = httpx.Headers(
        {
            "Authorization": f"Bearer {SECRET}",
            "apikey": SECRET,
            "Cookie": f"sid={SECRET}",
            "X-Refresh-Token": SECRET,
            "X-Client-Secret": SECRET,
            "Accept": "application/json",
        }
    )
    redacted = dict(redact_headers(headers))
    assert redacted["authorization"] == f"Bearer {REDACTED}"
    assert redacted["accept"] == "application/json"
    assert SECRET not in repr(redacted)


def test_basic_auth_and_unknown_schemes() -> None:
    assert redact_headers({"Authorization": f"Basic {SECRET}"}) == [
        ("Authorization", f"Basic {REDACTED}")
    ]
    assert redact_headers([("authorization", SECRET)]) == [("authorization", REDACTED)]
    assert redact_headers([("authorization", f"Weird {SECRET}")]) == [("authorization", REDACTED)]


@pytest.mark.parametrize(
    "key",
    ["token", "refresh_token", "access_token", "code", "id_token", "token_hash", "password"],
)
def test_url_query_secrets(key: str) -> None:
    url = f"https://auth.example/verify?type=signup&{key}={SECRET}&redirect_to=x"
    shown = redact_url(url)
    assert SECRET not in shown
    assert f"{key}={REDACTED}" in shown
    assert "type=signup" in shown
    assert "redirect_to=x" in shown


def test_url_userinfo_and_fragment() -> None:
    shown = redact_url(f"https://alice:{SECRET}@h.example/cb#access_token={SECRET}&type=x")
    assert SECRET not in shown
    assert "alice" in shown
    assert "type=x" in shown


def test_url_without_secrets_is_unchanged() -> None:
    url = "https://kinto.example/v1/buckets/b/collections/c/records?_limit=5&_sort=-a"
    assert redact_url(url) == url
    assert redact_url(httpx.URL(url)) == url


def test_json_body_keeps_structure() -> None:
    body = {
        "email": "a@example.com",
        "password": SECRET,
        "data": {"refresh_token": SECRET, "nested": [{"new_password": SECRET}], "n": None},
        "client_secret": SECRET,
        "code_verifier": SECRET,
    }
    redacted = redact_json(body)
    assert redacted["email"] == "a@example.com"
    assert redacted["password"] == REDACTED
    assert redacted["data"]["nested"][0]["new_password"] == REDACTED
    assert redacted["data"]["n"] is None
    assert SECRET not in json.dumps(redacted)
    assert body["password"] == SECRET  # the input is not modified


def test_bodies_by_content_type() -> None:
    as_json = redact_body(json.dumps({"password": SECRET}).encode(), "application/json")
    assert SECRET.encode() not in as_json and b"password" in as_json
    form = redact_body(
        f"grant_type=password&password={SECRET}".encode(), "application/x-www-form-urlencoded"
    )
    assert form == f"grant_type=password&password={REDACTED}".encode()
    binary = redact_body(SECRET.encode() * 3, "application/octet-stream")
    assert SECRET.encode() not in binary and b"bytes not shown" in binary
    broken = redact_body(b'{"password": "' + SECRET.encode(), "application/json")
    assert SECRET.encode() not in broken
    assert redact_body(b"", "application/json") == b""


def test_redacted_request_and_response() -> None:
    request = httpx.Request(
        "POST",
        f"https://auth.example/token?grant_type=password&refresh_token={SECRET}",
        headers={"Authorization": f"Bearer {SECRET}", "apikey": SECRET},
        json={"email": "a@example.com", "password": SECRET},
    )
    copy = redact_request(request)
    for text in (repr(copy), str(copy.url), repr(copy.headers), copy.content.decode()):
        assert SECRET not in text
    assert copy.method == "POST"
    assert copy.headers["content-length"] == str(len(copy.content))
    assert json.loads(copy.content)["email"] == "a@example.com"
    assert SECRET in request.headers["authorization"]  # the original is untouched

    response = httpx.Response(
        400, headers={"Set-Cookie": f"sid={SECRET}"}, json={"msg": "no"}, request=request
    )
    rcopy = redact_response(response, copy)
    assert rcopy.request is copy
    assert rcopy.json() == {"msg": "no"}
    assert SECRET not in repr(rcopy.headers)


def test_streaming_request_that_was_not_read() -> None:
    request = httpx.Request("PUT", "https://h/x", content=iter([SECRET.encode()]))
    copy = redact_request(request)
    assert copy.content == b""


# A real secret is high-entropy: the "sk_" prefix keeps hypothesis from choosing a secret that
# is merely a substring of the redacted output itself (e.g. "content-leng").
secrets_text = st.text(alphabet=string.ascii_letters + string.digits + "-_.~", min_size=12).map(
    lambda s: "sk_" + s
)


@given(
    secret=secrets_text,
    header=st.sampled_from(["Authorization", "apikey", "Cookie", "X-Refresh-Token"]),
    scheme=st.sampled_from(["", "Bearer ", "Basic "]),
    key=st.sampled_from(["token", "refresh_token", "access_token", "code", "password"]),
)
def test_no_secret_survives_redaction(secret: str, header: str, scheme: str, key: str) -> None:
    request = httpx.Request(
        "POST",
        f"https://h.example/p?{key}={secret}&x=1",
        headers={header: scheme + secret},
        json={"user": {key: secret}, "n": 1},
    )
    copy = redact_request(request)
    for text in (repr(copy), str(copy.url), repr(copy.headers), copy.content.decode()):
        assert secret not in text
    assert secret not in redact_url(request.url)
