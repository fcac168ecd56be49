from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """Kinto error envelope."""

    code: int
    """ The HTTP status. """
    errno: int
    """ Stable error number: 104/105 authentication, 106 bad JSON, 107 invalid parameters, 108 missing parameter,
    109 invalid posted data, 110 object missing, 111 parent or URL missing, 112 missing Content-Length, 113 body too
    large, 114 modified meanwhile, 115 method not allowed, 116 API version not available, 117 too many requests, 121
    forbidden, 122 conflict, 201 backend unavailable, 202 service deprecated, 999 other. """
    error: str
    """ HTTP reason phrase or short title. """
    message: str | Unset = UNSET
    """ Human readable explanation. """
    info: str | Unset = UNSET
    """ URL with more information. """
    details: Any | Unset = UNSET
    """ Structured details: a list of `ErrorDetail` (400), `{id, resource_name}` (404), `{existing: {...}}` (412).
    """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        errno = self.errno

        error = self.error

        message = self.message

        info = self.info

        details = self.details

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "errno": errno,
                "error": error,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message
        if info is not UNSET:
            field_dict["info"] = info
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        errno = d.pop("errno")

        error = d.pop("error")

        message = d.pop("message", UNSET)

        info = d.pop("info", UNSET)

        details = d.pop("details", UNSET)

        error = cls(
            code=code,
            errno=errno,
            error=error,
            message=message,
            info=info,
            details=details,
        )

        error.additional_properties = d
        return error

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
