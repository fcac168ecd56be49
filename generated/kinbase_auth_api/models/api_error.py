from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.weak_password import WeakPassword


T = TypeVar("T", bound="ApiError")


@_attrs_define
class ApiError:
    """Error shape with `X-Supabase-Api-Version: 2024-01-01`. Also the shape of Postgres errors
    passed through (then `code` is the SQLSTATE and `hint` / `detail` may be present).

    """

    code: str
    """ Stable machine-readable code (e.g. `invalid_credentials`). """
    message: str
    """ Human-readable message (not stable). """
    weak_password: WeakPassword | Unset = UNSET
    """ Why a password is considered weak. Known reasons are `length`, `characters` and `pwned`; others may be
    added. """
    hint: str | Unset = UNSET
    detail: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        weak_password: dict[str, Any] | Unset = UNSET
        if not isinstance(self.weak_password, Unset):
            weak_password = self.weak_password.to_dict()

        hint = self.hint

        detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if weak_password is not UNSET:
            field_dict["weak_password"] = weak_password
        if hint is not UNSET:
            field_dict["hint"] = hint
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.weak_password import WeakPassword  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        _weak_password = d.pop("weak_password", UNSET)
        weak_password: WeakPassword | Unset
        if isinstance(_weak_password, Unset):
            weak_password = UNSET
        else:
            weak_password = WeakPassword.from_dict(_weak_password)

        hint = d.pop("hint", UNSET)

        detail = d.pop("detail", UNSET)

        api_error = cls(
            code=code,
            message=message,
            weak_password=weak_password,
            hint=hint,
            detail=detail,
        )

        api_error.additional_properties = d
        return api_error

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
