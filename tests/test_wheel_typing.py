"""A type checker sees kinbase's types from the installed wheel (PEP 561 ``py.typed``).

The wheel is built and installed into a fresh virtualenv, and ``mypy --strict`` checks a
user's file against that environment (not against this checkout): no ``import-untyped``,
and the revealed types of client methods are kinbase's own, never ``Any``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"
MYPY = Path(sys.executable).parent / "mypy"

USER_FILE = """
import asyncio

from kinbase import AsyncAuthClient, AsyncStorageClient, AuthClient, StorageClient
from kinbase.errors import RateLimitedError

storage = StorageClient("http://localhost:8888/v1", auth=("user", "password"), bucket="b")
reveal_type(storage)
reveal_type(storage.get_record(id="r1", collection="c"))
reveal_type(storage.get_records(collection="c"))
reveal_type(storage.create_record(data={"title": "x"}, collection="c"))
reveal_type(storage.batch())
with storage.batch() as batch:  # a batch is not a client but has its storage methods
    reveal_type(batch.create_record(data={"title": "x"}, collection="c"))
    reveal_type(batch.clone())

auth = AuthClient("http://localhost:9999")
reveal_type(auth.sign_in_with_password({"email": "a@example.com", "password": "pw"}))
reveal_type(auth.get_session())
reveal_type(auth.on_auth_state_change(lambda event, session: None))


async def main() -> None:
    async with AsyncStorageClient("http://localhost:8888/v1", bucket="b") as client:
        reveal_type(await client.get_record(id="r1", collection="c"))
        async with client.batch() as abatch:
            reveal_type(await abatch.update_record(id="r1", data={}, collection="c"))
    async with AsyncAuthClient("http://localhost:9999") as aauth:
        reveal_type(await aauth.get_session())


try:
    asyncio.run(main())
except RateLimitedError as exc:
    reveal_type(exc.retry_after)
"""

#: What mypy must reveal, in order (one per reveal_type above).
EXPECTED = [
    "kinbase.storage._sync.client.StorageClient",
    "kinbase.storage._results.StorageResult",
    "kinbase.storage._results.StorageList",
    "kinbase.storage._results.StorageResult",
    "kinbase.storage._sync.client.Batch",
    "kinbase.storage._results.StorageResult",
    "kinbase.storage._sync.client.StorageClient",
    "kinbase.auth.types.AuthResponse",
    "kinbase.auth.types.Session | None",
    "kinbase.auth.types.Subscription",
    "kinbase.storage._results.StorageResult",
    "kinbase.storage._results.StorageResult",
    "kinbase.auth.types.Session | None",
    "float | None",
]


#: Parameters are TypedDicts (as supabase_auth's): a misspelt key or a wrong value is a type
#: error at its line; the well-typed call of the last line is not.
MISTAKES_FILE = """
from kinbase import AuthClient

auth = AuthClient("http://localhost:9999")
auth.sign_in_with_password({"email": "a@example.com", "pasword": "pw"})
auth.sign_up({"email": "a@example.com", "password": "pw", "options": {"dta": {}}})
auth.mfa.enroll({"factor_type": "totp", "isuer": "x"})
auth.verify_otp({"email": "a@example.com", "token": "1", "type": "magic"})
auth.admin.create_user({"email": "a@example.com", "user_metdata": {}})
auth.sign_in_with_password({"email": "a@example.com", "password": "pw"})
"""

MISTAKES = {
    5: "sign_in_with_password",
    6: 'Extra key "dta" for TypedDict "SignUpOptions"',
    7: '"enroll" of "AuthMFAAPI"',
    8: "Literal['magic']",
    9: 'Extra key "user_metdata" for TypedDict "AdminUserAttributes"',
}


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtualenv holding the built wheel and its dependencies, nothing else."""
    base = tmp_path_factory.mktemp("typed-wheel")
    dist = base / "dist"
    subprocess.run(
        [str(UV), "build", "--wheel", "--out-dir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("kinbase-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for package in ("kinbase", "kinbase_storage_api", "kinbase_auth_api"):
        assert f"{package}/py.typed" in names, f"{package}/py.typed missing from the wheel"
    venv = base / "venv"
    subprocess.run([str(UV), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(
        [str(UV), "pip", "install", "-q", "--python", str(venv / "bin" / "python"), str(wheel)],
        check=True,
        env={**os.environ, "VIRTUAL_ENV": str(venv)},
    )
    yield venv


def _mypy(venv: Path, tmp_path: Path, source: str) -> str:
    user = tmp_path / "app.py"
    user.write_text(source)
    result = subprocess.run(
        [
            str(MYPY),
            "--strict",
            "--config-file",
            os.devnull,
            "--no-incremental",
            "--python-executable",
            str(venv / "bin" / "python"),
            str(user),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the checkout: kinbase comes from the venv's site-packages
        check=False,
    )
    return result.stdout + result.stderr


def test_mypy_strict_sees_kinbase_types_from_the_installed_wheel(
    venv: Path, tmp_path: Path
) -> None:
    output = _mypy(venv, tmp_path, USER_FILE)
    print(output)  # the revealed types, for the record (pytest -s)
    assert "import-untyped" not in output, output
    assert " error: " not in output, output
    revealed = re.findall(r'Revealed type is "([^"]+)"', output)
    assert revealed == EXPECTED, output
    assert not any("Any" in found for found in revealed), revealed


def test_a_misspelt_parameter_key_is_a_type_error(venv: Path, tmp_path: Path) -> None:
    output = _mypy(venv, tmp_path, MISTAKES_FILE)
    print(output)
    assert "import-untyped" not in output, output
    errors = re.findall(r"app\.py:(\d+): error: (.*)", output)
    assert sorted({int(line) for line, _ in errors}) == sorted(MISTAKES), output
    for line, expected in MISTAKES.items():
        assert any(int(at) == line and expected in message for at, message in errors), output
