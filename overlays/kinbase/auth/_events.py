"""Auth state listeners: subscribe, unsubscribe, emit (thread-safe, no I/O)."""

from __future__ import annotations

import logging
import threading
import uuid

from kinbase.auth.types import AuthChangeEvent, AuthStateCallback, Session, Subscription

__all__ = ["EventBus"]

logger = logging.getLogger("kinbase.auth")


class EventBus:
    """The listeners of one session. A failing callback is logged and never stops the
    others, nor the refresh or sign-in that emitted the event."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscriptions: dict[str, Subscription] = {}

    def subscribe(self, callback: AuthStateCallback) -> Subscription:
        key = str(uuid.uuid4())

        def unsubscribe() -> None:
            with self._lock:
                self._subscriptions.pop(key, None)

        subscription = Subscription(id=key, callback=callback, unsubscribe=unsubscribe)
        with self._lock:
            self._subscriptions[key] = subscription
        return subscription

    def __len__(self) -> int:
        with self._lock:
            return len(self._subscriptions)

    def emit(self, event: AuthChangeEvent, session: Session | None) -> None:
        with self._lock:
            subscriptions = list(self._subscriptions.values())
        for subscription in subscriptions:
            self.deliver(subscription, event, session)

    @staticmethod
    def deliver(
        subscription: Subscription, event: AuthChangeEvent, session: Session | None
    ) -> None:
        try:
            subscription.callback(event, session)
        except Exception:
            logger.exception("auth state callback %s failed on %s", subscription.id, event)
