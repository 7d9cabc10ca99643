"""Idempotency keys: one key per source event, claimed once."""

from __future__ import annotations

import hashlib


def event_key(source: str, source_event_id: str) -> str:
    """The key of an event: the same for every redelivery of it."""
    if not source or not source_event_id:
        raise ValueError("an event needs a source and the source's event ID")
    digest = hashlib.sha256(f"{source}\x00{source_event_id}".encode()).hexdigest()
    return f"{source}:{digest[:32]}"


class KeyStore:
    """The claimed keys (a table with a unique index in the ledger database)."""

    def __init__(self) -> None:
        self._claimed: set[str] = set()

    def claim(self, key: str) -> bool:
        """True the first time a key is claimed, False for every redelivery."""
        if key in self._claimed:
            return False
        self._claimed.add(key)
        return True
