from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.header_map import HeaderMap
    from ..models.json_object import JsonObject


T = TypeVar("T", bound="BatchSubResponse")


@_attrs_define
class BatchSubResponse:
    path: str
    """ The sub-request path, with the `/v1` prefix. """
    status: int
    headers: HeaderMap | Unset = UNSET
    """ HTTP headers, name -> value (string values only). """
    body: JsonObject | str | Unset = UNSET
    """ JSON body; an empty string for HEAD and bodiless answers. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.json_object import JsonObject  # noqa: PLC0415

        path = self.path

        status = self.status

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        body: dict[str, Any] | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        elif isinstance(self.body, JsonObject):
            body = self.body.to_dict()
        else:
            body = self.body

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "status": status,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers
        if body is not UNSET:
            field_dict["body"] = body

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.header_map import HeaderMap  # noqa: PLC0415
        from ..models.json_object import JsonObject  # noqa: PLC0415

        d = dict(src_dict)
        path = d.pop("path")

        status = d.pop("status")

        _headers = d.pop("headers", UNSET)
        headers: HeaderMap | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = HeaderMap.from_dict(_headers)

        def _parse_body(data: object) -> JsonObject | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                body_type_0 = JsonObject.from_dict(data)

                return body_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JsonObject | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        batch_sub_response = cls(
            path=path,
            status=status,
            headers=headers,
            body=body,
        )

        batch_sub_response.additional_properties = d
        return batch_sub_response

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
