from typing import Literal

HistoryEntryResourceName = Literal["bucket", "collection", "group", "record"]

HISTORY_ENTRY_RESOURCE_NAME_VALUES: set[HistoryEntryResourceName] = {
    "bucket",
    "collection",
    "group",
    "record",
}


def check_history_entry_resource_name(value: str) -> HistoryEntryResourceName:
    if value in HISTORY_ENTRY_RESOURCE_NAME_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {HISTORY_ENTRY_RESOURCE_NAME_VALUES!r}")
