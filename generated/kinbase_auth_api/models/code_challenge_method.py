from typing import Literal

CodeChallengeMethod = Literal["plain", "s256"]

CODE_CHALLENGE_METHOD_VALUES: set[CodeChallengeMethod] = {
    "plain",
    "s256",
}


def check_code_challenge_method(value: str) -> CodeChallengeMethod:
    if value in CODE_CHALLENGE_METHOD_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CODE_CHALLENGE_METHOD_VALUES!r}")
