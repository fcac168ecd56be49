from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.settings_external import SettingsExternal


T = TypeVar("T", bound="Settings")


@_attrs_define
class Settings:
    external: SettingsExternal
    """ Provider name to enabled flag (`email`, `phone`, `anonymous_users`, `google`, ...). """
    disable_signup: bool
    mailer_autoconfirm: bool
    phone_autoconfirm: bool
    sms_provider: str | Unset = UNSET
    saml_enabled: bool | Unset = UNSET
    saml_private_key_next_configured: bool | Unset = UNSET
    passkeys_enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external = self.external.to_dict()

        disable_signup = self.disable_signup

        mailer_autoconfirm = self.mailer_autoconfirm

        phone_autoconfirm = self.phone_autoconfirm

        sms_provider = self.sms_provider

        saml_enabled = self.saml_enabled

        saml_private_key_next_configured = self.saml_private_key_next_configured

        passkeys_enabled = self.passkeys_enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external": external,
                "disable_signup": disable_signup,
                "mailer_autoconfirm": mailer_autoconfirm,
                "phone_autoconfirm": phone_autoconfirm,
            }
        )
        if sms_provider is not UNSET:
            field_dict["sms_provider"] = sms_provider
        if saml_enabled is not UNSET:
            field_dict["saml_enabled"] = saml_enabled
        if saml_private_key_next_configured is not UNSET:
            field_dict["saml_private_key_next_configured"] = saml_private_key_next_configured
        if passkeys_enabled is not UNSET:
            field_dict["passkeys_enabled"] = passkeys_enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settings_external import SettingsExternal  # noqa: PLC0415

        d = dict(src_dict)
        external = SettingsExternal.from_dict(d.pop("external"))

        disable_signup = d.pop("disable_signup")

        mailer_autoconfirm = d.pop("mailer_autoconfirm")

        phone_autoconfirm = d.pop("phone_autoconfirm")

        sms_provider = d.pop("sms_provider", UNSET)

        saml_enabled = d.pop("saml_enabled", UNSET)

        saml_private_key_next_configured = d.pop("saml_private_key_next_configured", UNSET)

        passkeys_enabled = d.pop("passkeys_enabled", UNSET)

        settings = cls(
            external=external,
            disable_signup=disable_signup,
            mailer_autoconfirm=mailer_autoconfirm,
            phone_autoconfirm=phone_autoconfirm,
            sms_provider=sms_provider,
            saml_enabled=saml_enabled,
            saml_private_key_next_configured=saml_private_key_next_configured,
            passkeys_enabled=passkeys_enabled,
        )

        settings.additional_properties = d
        return settings

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
