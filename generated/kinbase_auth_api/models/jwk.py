from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Jwk")


@_attrs_define
class Jwk:
    """A public JSON Web Key (RFC 7517); further members are kept."""

    kty: str
    kid: str | Unset = UNSET
    alg: str | Unset = UNSET
    use: str | Unset = UNSET
    key_ops: list[str] | Unset = UNSET
    crv: str | Unset = UNSET
    x: str | Unset = UNSET
    y: str | Unset = UNSET
    n: str | Unset = UNSET
    e: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kty = self.kty

        kid = self.kid

        alg = self.alg

        use = self.use

        key_ops: list[str] | Unset = UNSET
        if not isinstance(self.key_ops, Unset):
            key_ops = self.key_ops

        crv = self.crv

        x = self.x

        y = self.y

        n = self.n

        e = self.e

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kty": kty,
            }
        )
        if kid is not UNSET:
            field_dict["kid"] = kid
        if alg is not UNSET:
            field_dict["alg"] = alg
        if use is not UNSET:
            field_dict["use"] = use
        if key_ops is not UNSET:
            field_dict["key_ops"] = key_ops
        if crv is not UNSET:
            field_dict["crv"] = crv
        if x is not UNSET:
            field_dict["x"] = x
        if y is not UNSET:
            field_dict["y"] = y
        if n is not UNSET:
            field_dict["n"] = n
        if e is not UNSET:
            field_dict["e"] = e

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kty = d.pop("kty")

        kid = d.pop("kid", UNSET)

        alg = d.pop("alg", UNSET)

        use = d.pop("use", UNSET)

        key_ops = cast(list[str], d.pop("key_ops", UNSET))

        crv = d.pop("crv", UNSET)

        x = d.pop("x", UNSET)

        y = d.pop("y", UNSET)

        n = d.pop("n", UNSET)

        e = d.pop("e", UNSET)

        jwk = cls(
            kty=kty,
            kid=kid,
            alg=alg,
            use=use,
            key_ops=key_ops,
            crv=crv,
            x=x,
            y=y,
            n=n,
            e=e,
        )

        jwk.additional_properties = d
        return jwk

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
