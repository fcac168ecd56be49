from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.server_info_capabilities import ServerInfoCapabilities
    from ..models.server_info_config_type_0 import ServerInfoConfigType0
    from ..models.server_settings import ServerSettings
    from ..models.server_user import ServerUser


T = TypeVar("T", bound="ServerInfo")


@_attrs_define
class ServerInfo:
    project_name: str
    project_version: str
    http_api_version: str
    url: str
    """ Absolute URL of the API root. """
    settings: ServerSettings
    """ Public settings. """
    capabilities: ServerInfoCapabilities
    """ Capability name (`accounts`, `history`, `permissions_endpoint`...) -> details. """
    project_docs: str | Unset = UNSET
    config: None | ServerInfoConfigType0 | Unset = UNSET
    """ Client configuration attributes (`null` unless configured). """
    eos: str | Unset = UNSET
    """ End of service date, when configured. """
    user: ServerUser | Unset = UNSET
    """ The authenticated caller. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.server_info_config_type_0 import ServerInfoConfigType0  # noqa: PLC0415

        project_name = self.project_name

        project_version = self.project_version

        http_api_version = self.http_api_version

        url = self.url

        settings = self.settings.to_dict()

        capabilities = self.capabilities.to_dict()

        project_docs = self.project_docs

        config: dict[str, Any] | None | Unset
        if isinstance(self.config, Unset):
            config = UNSET
        elif isinstance(self.config, ServerInfoConfigType0):
            config = self.config.to_dict()
        else:
            config = self.config

        eos = self.eos

        user: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user, Unset):
            user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "project_name": project_name,
                "project_version": project_version,
                "http_api_version": http_api_version,
                "url": url,
                "settings": settings,
                "capabilities": capabilities,
            }
        )
        if project_docs is not UNSET:
            field_dict["project_docs"] = project_docs
        if config is not UNSET:
            field_dict["config"] = config
        if eos is not UNSET:
            field_dict["eos"] = eos
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.server_info_capabilities import ServerInfoCapabilities  # noqa: PLC0415
        from ..models.server_info_config_type_0 import ServerInfoConfigType0  # noqa: PLC0415
        from ..models.server_settings import ServerSettings  # noqa: PLC0415
        from ..models.server_user import ServerUser  # noqa: PLC0415

        d = dict(src_dict)
        project_name = d.pop("project_name")

        project_version = d.pop("project_version")

        http_api_version = d.pop("http_api_version")

        url = d.pop("url")

        settings = ServerSettings.from_dict(d.pop("settings"))

        capabilities = ServerInfoCapabilities.from_dict(d.pop("capabilities"))

        project_docs = d.pop("project_docs", UNSET)

        def _parse_config(data: object) -> None | ServerInfoConfigType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_0 = ServerInfoConfigType0.from_dict(data)

                return config_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ServerInfoConfigType0 | Unset, data)

        config = _parse_config(d.pop("config", UNSET))

        eos = d.pop("eos", UNSET)

        _user = d.pop("user", UNSET)
        user: ServerUser | Unset
        if isinstance(_user, Unset):
            user = UNSET
        else:
            user = ServerUser.from_dict(_user)

        server_info = cls(
            project_name=project_name,
            project_version=project_version,
            http_api_version=http_api_version,
            url=url,
            settings=settings,
            capabilities=capabilities,
            project_docs=project_docs,
            config=config,
            eos=eos,
            user=user,
        )

        server_info.additional_properties = d
        return server_info

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
