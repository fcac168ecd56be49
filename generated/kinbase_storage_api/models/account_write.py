from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_data import AccountData
    from ..models.account_permissions import AccountPermissions


T = TypeVar("T", bound="AccountWrite")


@_attrs_define
class AccountWrite:
    """Request body writing a account."""

    data: AccountData | Unset = UNSET
    """ Fields of a account to write. `id` is optional (taken from the URL, generated on POST); a `last_modified` is
    kept only if it is an integer greater than the current one. Any other field is stored as is. """
    permissions: AccountPermissions | Unset = UNSET
    """ Permissions of a account: permission name -> principals. Only the permissions the caller may see are
    returned (`{}` for readers). Unknown permission names are refused (400). """

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        permissions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.permissions, Unset):
            permissions = self.permissions.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if data is not UNSET:
            field_dict["data"] = data
        if permissions is not UNSET:
            field_dict["permissions"] = permissions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_data import AccountData  # noqa: PLC0415
        from ..models.account_permissions import AccountPermissions  # noqa: PLC0415

        d = dict(src_dict)
        _data = d.pop("data", UNSET)
        data: AccountData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = AccountData.from_dict(_data)

        _permissions = d.pop("permissions", UNSET)
        permissions: AccountPermissions | Unset
        if isinstance(_permissions, Unset):
            permissions = UNSET
        else:
            permissions = AccountPermissions.from_dict(_permissions)

        account_write = cls(
            data=data,
            permissions=permissions,
        )

        return account_write
