from typing import Literal

HistoryEntryAction = Literal["create", "delete", "update"]

HISTORY_ENTRY_ACTION_VALUES: set[HistoryEntryAction] = {
    "create",
    "delete",
    "update",
}


def check_history_entry_action(value: str) -> HistoryEntryAction:
    if value in HISTORY_ENTRY_ACTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {HISTORY_ENTRY_ACTION_VALUES!r}")
