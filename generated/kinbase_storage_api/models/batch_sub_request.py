from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.batch_method import BatchMethod, check_batch_method
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.header_map import HeaderMap
    from ..models.json_object import JsonObject


T = TypeVar("T", bound="BatchSubRequest")


@_attrs_define
class BatchSubRequest:
    path: str
    """ Path and query, e.g. `/buckets/b?_limit=2`. """
    method: BatchMethod | Unset = UNSET
    """ Sub-request method (GET when omitted). """
    headers: HeaderMap | Unset = UNSET
    """ HTTP headers, name -> value (string values only). """
    body: JsonObject | Unset = UNSET
    """ Any JSON object. """

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        body: dict[str, Any] | Unset = UNSET
        if not isinstance(self.body, Unset):
            body = self.body.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "path": path,
            }
        )
        if method is not UNSET:
            field_dict["method"] = method
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

        _method = d.pop("method", UNSET)
        method: BatchMethod | Unset
        if isinstance(_method, Unset):
            method = UNSET
        else:
            method = check_batch_method(_method)

        _headers = d.pop("headers", UNSET)
        headers: HeaderMap | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = HeaderMap.from_dict(_headers)

        _body = d.pop("body", UNSET)
        body: JsonObject | Unset
        if isinstance(_body, Unset):
            body = UNSET
        else:
            body = JsonObject.from_dict(_body)

        batch_sub_request = cls(
            path=path,
            method=method,
            headers=headers,
            body=body,
        )

        return batch_sub_request
