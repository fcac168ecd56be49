"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .account_data import AccountData
from .account_list import AccountList
from .account_patch_response import AccountPatchResponse
from .account_permissions import AccountPermissions
from .account_response import AccountResponse
from .account_write import AccountWrite
from .attachment import Attachment
from .attachment_upload import AttachmentUpload
from .batch_defaults import BatchDefaults
from .batch_method import BatchMethod
from .batch_request import BatchRequest
from .batch_response import BatchResponse
from .batch_sub_request import BatchSubRequest
from .batch_sub_response import BatchSubResponse
from .bucket import Bucket
from .bucket_data import BucketData
from .bucket_list import BucketList
from .bucket_patch_response import BucketPatchResponse
from .bucket_permissions import BucketPermissions
from .bucket_response import BucketResponse
from .bucket_write import BucketWrite
from .capability import Capability
from .collection import Collection
from .collection_data import CollectionData
from .collection_data_schema import CollectionDataSchema
from .collection_list import CollectionList
from .collection_patch_response import CollectionPatchResponse
from .collection_permissions import CollectionPermissions
from .collection_response import CollectionResponse
from .collection_schema import CollectionSchema
from .collection_write import CollectionWrite
from .empty_object import EmptyObject
from .error import Error
from .error_detail import ErrorDetail
from .filters import Filters
from .group import Group
from .group_data import GroupData
from .group_list import GroupList
from .group_patch_response import GroupPatchResponse
from .group_permissions import GroupPermissions
from .group_response import GroupResponse
from .group_write import GroupWrite
from .header_map import HeaderMap
from .heartbeat import Heartbeat
from .history_entry import HistoryEntry
from .history_entry_action import HistoryEntryAction
from .history_entry_resource_name import HistoryEntryResourceName
from .history_entry_target import HistoryEntryTarget
from .history_list import HistoryList
from .json_object import JsonObject
from .json_patch_operation import JsonPatchOperation
from .json_patch_operation_op import JsonPatchOperationOp
from .merge_patch import MergePatch
from .merge_patch_data import MergePatchData
from .merge_patch_permissions import MergePatchPermissions
from .object_fields import ObjectFields
from .permission_entry import PermissionEntry
from .permission_list import PermissionList
from .record import Record
from .record_data import RecordData
from .record_list import RecordList
from .record_patch_response import RecordPatchResponse
from .record_permissions import RecordPermissions
from .record_response import RecordResponse
from .record_write import RecordWrite
from .response_behavior import ResponseBehavior
from .server_info import ServerInfo
from .server_info_capabilities import ServerInfoCapabilities
from .server_info_config_type_0 import ServerInfoConfigType0
from .server_settings import ServerSettings
from .server_user import ServerUser
from .snapshot_list import SnapshotList
from .tombstone import Tombstone
from .tombstone_list import TombstoneList
from .tombstone_response import TombstoneResponse
from .user_data_deleted import UserDataDeleted
from .user_data_deleted_data import UserDataDeletedData
from .version import Version

__all__ = (
    "Account",
    "AccountData",
    "AccountList",
    "AccountPatchResponse",
    "AccountPermissions",
    "AccountResponse",
    "AccountWrite",
    "Attachment",
    "AttachmentUpload",
    "BatchDefaults",
    "BatchMethod",
    "BatchRequest",
    "BatchResponse",
    "BatchSubRequest",
    "BatchSubResponse",
    "Bucket",
    "BucketData",
    "BucketList",
    "BucketPatchResponse",
    "BucketPermissions",
    "BucketResponse",
    "BucketWrite",
    "Capability",
    "Collection",
    "CollectionData",
    "CollectionDataSchema",
    "CollectionList",
    "CollectionPatchResponse",
    "CollectionPermissions",
    "CollectionResponse",
    "CollectionSchema",
    "CollectionWrite",
    "EmptyObject",
    "Error",
    "ErrorDetail",
    "Filters",
    "Group",
    "GroupData",
    "GroupList",
    "GroupPatchResponse",
    "GroupPermissions",
    "GroupResponse",
    "GroupWrite",
    "HeaderMap",
    "Heartbeat",
    "HistoryEntry",
    "HistoryEntryAction",
    "HistoryEntryResourceName",
    "HistoryEntryTarget",
    "HistoryList",
    "JsonObject",
    "JsonPatchOperation",
    "JsonPatchOperationOp",
    "MergePatch",
    "MergePatchData",
    "MergePatchPermissions",
    "ObjectFields",
    "PermissionEntry",
    "PermissionList",
    "Record",
    "RecordData",
    "RecordList",
    "RecordPatchResponse",
    "RecordPermissions",
    "RecordResponse",
    "RecordWrite",
    "ResponseBehavior",
    "ServerInfo",
    "ServerInfoCapabilities",
    "ServerInfoConfigType0",
    "ServerSettings",
    "ServerUser",
    "SnapshotList",
    "Tombstone",
    "TombstoneList",
    "TombstoneResponse",
    "UserDataDeleted",
    "UserDataDeletedData",
    "Version",
)
