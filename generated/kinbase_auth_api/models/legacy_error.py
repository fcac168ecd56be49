from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.weak_password import WeakPassword


T = TypeVar("T", bound="LegacyError")


@_attrs_define
class LegacyError:
    """Error shape without `X-Supabase-Api-Version` (or with a date before 2024-01-01)."""

    code: int
    """ The HTTP status, repeated. """
    msg: str
    """ Human-readable message (not stable). """
    error_code: str | Unset = UNSET
    """ Stable machine-readable code (e.g. `invalid_credentials`); `unexpected_failure` or `unknown` when the server
    had none. """
    error_id: str | Unset = UNSET
    """ Request id, on 5xx errors. """
    weak_password: WeakPassword | Unset = UNSET
    """ Why a password is considered weak. Known reasons are `length`, `characters` and `pwned`; others may be
    added. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        msg = self.msg

        error_code = self.error_code

        error_id = self.error_id

        weak_password: dict[str, Any] | Unset = UNSET
        if not isinstance(self.weak_password, Unset):
            weak_password = self.weak_password.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "msg": msg,
            }
        )
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if error_id is not UNSET:
            field_dict["error_id"] = error_id
        if weak_password is not UNSET:
            field_dict["weak_password"] = weak_password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.weak_password import WeakPassword  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        msg = d.pop("msg")

        error_code = d.pop("error_code", UNSET)

        error_id = d.pop("error_id", UNSET)

        _weak_password = d.pop("weak_password", UNSET)
        weak_password: WeakPassword | Unset
        if isinstance(_weak_password, Unset):
            weak_password = UNSET
        else:
            weak_password = WeakPassword.from_dict(_weak_password)

        legacy_error = cls(
            code=code,
            msg=msg,
            error_code=error_code,
            error_id=error_id,
            weak_password=weak_password,
        )

        legacy_error.additional_properties = d
        return legacy_error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
