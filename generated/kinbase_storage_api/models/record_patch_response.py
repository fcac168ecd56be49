from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.object_fields import ObjectFields
    from ..models.record import Record
    from ..models.record_permissions import RecordPermissions


T = TypeVar("T", bound="RecordPatchResponse")


@_attrs_define
class RecordPatchResponse:
    """Answer to a PATCH: the whole record, or only the changed fields with `Response-Behavior: light|diff`."""

    data: ObjectFields | Record
    permissions: RecordPermissions | Unset = UNSET
    """ Permissions of a record: permission name -> principals. Only the permissions the caller may see are returned
    (`{}` for readers). Unknown permission names are refused (400). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.record import Record  # noqa: PLC0415

        data: dict[str, Any]
        if isinstance(self.data, Record):
            data = self.data.to_dict()
        else:
            data = self.data.to_dict()

        permissions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.permissions, Unset):
            permissions = self.permissions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if permissions is not UNSET:
            field_dict["permissions"] = permissions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.object_fields import ObjectFields  # noqa: PLC0415
        from ..models.record import Record  # noqa: PLC0415
        from ..models.record_permissions import RecordPermissions  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_data(data: object) -> ObjectFields | Record:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = Record.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            data_type_1 = ObjectFields.from_dict(data)

            return data_type_1

        data = _parse_data(d.pop("data"))

        _permissions = d.pop("permissions", UNSET)
        permissions: RecordPermissions | Unset
        if isinstance(_permissions, Unset):
            permissions = UNSET
        else:
            permissions = RecordPermissions.from_dict(_permissions)

        record_patch_response = cls(
            data=data,
            permissions=permissions,
        )

        record_patch_response.additional_properties = d
        return record_patch_response

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
