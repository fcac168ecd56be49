"""A success status with a body that is not what GoTrue promises is the server's fault:
InvalidResponseError (the request was sent), never InvalidInputError ("refused before
sending"), and the message never shows the body's values."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from kinbase.auth import _requests
from kinbase.errors import InvalidInputError, InvalidResponseError

SECRET = "s3cr3t-refresh-token-value"


def _answer(
    body: Any, *, url: str = "https://auth.example/token?grant_type=password"
) -> httpx.Response:
    request = httpx.Request("POST", url)
    if isinstance(body, str):
        return httpx.Response(200, text=body, request=request)
    return httpx.Response(200, json=body, request=request)


@pytest.mark.parametrize(
    ("parse", "body"),
    [
        (_requests.parse_session, "<html>captive portal</html>"),
        (_requests.parse_session, ["not", "an", "object"]),
        (_requests.parse_session, {"access_token": "a", "refresh_token": SECRET}),  # no user
        (_requests.parse_user, {"email": "x@example.com"}),  # no id
        (_requests.parse_user, 42),
        (_requests.parse_auth_response, {"access_token": 1, "refresh_token": SECRET}),
        (_requests.parse_auth_response, {"nothing": "useful"}),
        (_requests.parse_enroll, {"id": "not a factor"}),
        (_requests.parse_challenge, None),
        (_requests.parse_user_list, {"users": [{"email": "no id"}]}),
        (_requests.parse_user_list, {"no": "users"}),
        (_requests.parse_generate_link, "not json"),
    ],
)
def test_malformed_success_answers_are_invalid_responses(parse: Any, body: Any) -> None:
    with pytest.raises(InvalidResponseError) as info:
        parse(_answer(body))
    exc = info.value
    assert not isinstance(exc, InvalidInputError)
    assert exc.status_code == 200
    assert "POST https://auth.example/token" in str(exc)
    assert SECRET not in str(exc) and SECRET not in repr(exc)
    assert exc.__cause__ is None


def test_a_well_formed_user_still_parses() -> None:
    user = _requests.parse_user(
        _answer(
            {
                "id": "8d3f4a52-3f4e-4c55-9a3c-6c5b1f1f2f10",
                "aud": "authenticated",
                "role": "authenticated",
                "email": "a@example.com",
                "phone": "",
                "app_metadata": {},
                "user_metadata": {},
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
            }
        )
    )
    assert str(user.id) == "8d3f4a52-3f4e-4c55-9a3c-6c5b1f1f2f10"
