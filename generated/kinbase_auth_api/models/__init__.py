"""Contains all the data models used in inputs/outputs"""

from .admin_delete_user_request import AdminDeleteUserRequest
from .admin_user_attributes import AdminUserAttributes
from .admin_user_list import AdminUserList
from .api_error import ApiError
from .code_challenge_method import CodeChallengeMethod
from .empty_object import EmptyObject
from .factor import Factor
from .factor_challenge_request import FactorChallengeRequest
from .factor_challenge_request_webauthn import FactorChallengeRequestWebauthn
from .factor_challenge_response import FactorChallengeResponse
from .factor_challenge_response_webauthn import FactorChallengeResponseWebauthn
from .factor_enroll_request import FactorEnrollRequest
from .factor_enroll_response import FactorEnrollResponse
from .factor_type import FactorType
from .factor_unenroll_response import FactorUnenrollResponse
from .factor_verify_request import FactorVerifyRequest
from .factor_verify_request_webauthn import FactorVerifyRequestWebauthn
from .generate_link_request import GenerateLinkRequest
from .generate_link_response import GenerateLinkResponse
from .generate_link_type import GenerateLinkType
from .gotrue_meta_security import GotrueMetaSecurity
from .grant_type import GrantType
from .health import Health
from .id_token_grant_request import IdTokenGrantRequest
from .identity import Identity
from .invite_request import InviteRequest
from .jwk import Jwk
from .jwks import Jwks
from .legacy_error import LegacyError
from .logout_scope import LogoutScope
from .magic_link_request import MagicLinkRequest
from .message_channel import MessageChannel
from .message_id_response import MessageIdResponse
from .metadata import Metadata
from .o_auth_error import OAuthError
from .oidc_configuration import OidcConfiguration
from .otp_request import OtpRequest
from .password_grant_request import PasswordGrantRequest
from .pkce_grant_request import PkceGrantRequest
from .recover_request import RecoverRequest
from .refresh_token_grant_request import RefreshTokenGrantRequest
from .resend_request import ResendRequest
from .resend_type import ResendType
from .session import Session
from .settings import Settings
from .settings_external import SettingsExternal
from .signup_request import SignupRequest
from .totp_enrollment import TotpEnrollment
from .user import User
from .user_update_request import UserUpdateRequest
from .userinfo import Userinfo
from .verify_pending_confirmation import VerifyPendingConfirmation
from .verify_request import VerifyRequest
from .verify_type import VerifyType
from .weak_password import WeakPassword

__all__ = (
    "AdminDeleteUserRequest",
    "AdminUserAttributes",
    "AdminUserList",
    "ApiError",
    "CodeChallengeMethod",
    "EmptyObject",
    "Factor",
    "FactorChallengeRequest",
    "FactorChallengeRequestWebauthn",
    "FactorChallengeResponse",
    "FactorChallengeResponseWebauthn",
    "FactorEnrollRequest",
    "FactorEnrollResponse",
    "FactorType",
    "FactorUnenrollResponse",
    "FactorVerifyRequest",
    "FactorVerifyRequestWebauthn",
    "GenerateLinkRequest",
    "GenerateLinkResponse",
    "GenerateLinkType",
    "GotrueMetaSecurity",
    "GrantType",
    "Health",
    "Identity",
    "IdTokenGrantRequest",
    "InviteRequest",
    "Jwk",
    "Jwks",
    "LegacyError",
    "LogoutScope",
    "MagicLinkRequest",
    "MessageChannel",
    "MessageIdResponse",
    "Metadata",
    "OAuthError",
    "OidcConfiguration",
    "OtpRequest",
    "PasswordGrantRequest",
    "PkceGrantRequest",
    "RecoverRequest",
    "RefreshTokenGrantRequest",
    "ResendRequest",
    "ResendType",
    "Session",
    "Settings",
    "SettingsExternal",
    "SignupRequest",
    "TotpEnrollment",
    "User",
    "Userinfo",
    "UserUpdateRequest",
    "VerifyPendingConfirmation",
    "VerifyRequest",
    "VerifyType",
    "WeakPassword",
)
