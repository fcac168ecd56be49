from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Attachment")


@_attrs_define
class Attachment:
    """A record's `attachment` field (kinto-attachment): where the file is and what it holds."""

    filename: str
    """ The uploaded file name. """
    location: str
    """ The file's URL (`attachment.base_url` + stored name), or a path relative to the `attachments` capability's
    `base_url`. """
    hash_: str
    """ SHA-256 of the content """
    mimetype: str
    size: int
    """ Size in bytes. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        filename = self.filename

        location = self.location

        hash_ = self.hash_

        mimetype = self.mimetype

        size = self.size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "filename": filename,
                "location": location,
                "hash": hash_,
                "mimetype": mimetype,
                "size": size,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        filename = d.pop("filename")

        location = d.pop("location")

        hash_ = d.pop("hash")

        mimetype = d.pop("mimetype")

        size = d.pop("size")

        attachment = cls(
            filename=filename,
            location=location,
            hash_=hash_,
            mimetype=mimetype,
            size=size,
        )

        attachment.additional_properties = d
        return attachment

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
