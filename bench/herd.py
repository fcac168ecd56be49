"""4. Refresh herd: ``tasks`` asyncio tasks need a token at the moment it expires.

Each task runs kinbase's ``httpx.Auth`` (``AsyncAuthClient.as_httpx_auth()``, what every
storage and auth request goes through) up to the request it would send, i.e. until it holds
a usable access token. The session expires for all of them at once (the auth server issues
4-second tokens; we wait until the client's refresh margin is reached), so exactly one of
them should refresh (``POST /token?grant_type=refresh_token``, counted by the auth test
server's request counts: the double's ``/_test/stats`` or, on the real GoTrue, the counting
proxy in front of it) and every other one should be released with the new token.

``release_ms``: from starting the herd to the last task holding the new token (includes
the one refresh round trip); ``after_refresh_ms``: from the refresh's answer being
installed (the ``TOKEN_REFRESHED`` event) to the last task released.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx

from bench.common import NotAvailable, describe_error, median
from tests.servers import AnyAuthServer

REFRESH_KEY = "POST /token?grant_type=refresh_token"


def _refresh_calls(auth: AnyAuthServer) -> int:
    return int(auth.stats().get(REFRESH_KEY, 0))


async def _herd(auth: AnyAuthServer, tasks: int, runs: int, lifetime: int) -> dict[str, Any]:
    try:
        import kinbase.auth as kinbase_auth

        client_class = kinbase_auth.AsyncAuthClient
    except Exception as exc:
        raise NotAvailable(f"kinbase.AsyncAuthClient is not available: {exc!r}") from exc
    # short tokens; kinbase refreshes at min(margin, lifetime / 4) before expiry
    auth.configure({"access_token_lifetime": lifetime})
    client = client_class(auth.url)
    samples: list[dict[str, Any]] = []
    try:
        await client.sign_up(
            {"email": f"herd-{uuid.uuid4().hex}@example.com", "password": "herd-Passw0rd!"}
        )
        manager = client.session_manager
        flow_auth = client.as_httpx_auth()
        refreshed_at: list[float] = []
        client.on_auth_state_change(
            lambda event, session: (
                refreshed_at.append(time.perf_counter()) if event == "TOKEN_REFRESHED" else None
            )
        )
        for _ in range(runs):
            # wait until the token is due (client's clock), then release the herd at once
            while (due := manager.seconds_until_refresh()) is not None and due > 0:
                await asyncio.sleep(min(due, 0.5) + 0.01)
            old = manager.current().access_token
            auth.reset_stats()
            refreshed_at.clear()
            released: list[float] = []
            tokens: set[str] = set()
            gate = asyncio.Event()

            async def waiter(
                gate: asyncio.Event = gate,
                released: list[float] = released,
                tokens: set[str] = tokens,
            ) -> None:
                await gate.wait()
                flow = flow_auth.async_auth_flow(httpx.Request("GET", f"{auth.url}/user"))
                request = await flow.__anext__()
                released.append(time.perf_counter())
                tokens.add(request.headers["Authorization"])
                await flow.aclose()

            jobs = [asyncio.create_task(waiter()) for _ in range(tasks)]
            await asyncio.sleep(0)  # every task is waiting on the gate
            began = time.perf_counter()
            gate.set()
            await asyncio.gather(*jobs)
            last = max(released)
            samples.append(
                {
                    "refresh_calls": _refresh_calls(auth),
                    "release_ms": (last - began) * 1e3,
                    "after_refresh_ms": (last - refreshed_at[0]) * 1e3 if refreshed_at else None,
                    "distinct_tokens": len(tokens),
                    "token_changed": f"Bearer {old}" not in tokens,
                }
            )
    finally:
        await client.aclose()
        auth.configure({"access_token_lifetime": 3600})
    after = [s["after_refresh_ms"] for s in samples if s["after_refresh_ms"] is not None]
    return {
        "token_lifetime_s": lifetime,
        "tasks": tasks,
        "runs": runs,
        "refresh_calls_max": max(s["refresh_calls"] for s in samples),
        "release_ms": round(median([s["release_ms"] for s in samples]), 2),
        "after_refresh_ms": round(median(after), 2) if after else None,
        "all_got_one_new_token": all(
            s["distinct_tokens"] == 1 and s["token_changed"] for s in samples
        ),
        "runs_detail": [
            {k: (round(v, 2) if isinstance(v, float) else v) for k, v in s.items()} for s in samples
        ],
    }


def run(auth: AnyAuthServer, *, tasks: int, runs: int, lifetime: int = 4) -> dict[str, Any]:
    try:
        return asyncio.run(_herd(auth, tasks, runs, lifetime))
    except NotAvailable as exc:
        return {"n/a": str(exc)}
    except Exception as exc:
        return {"n/a": describe_error(exc)}
