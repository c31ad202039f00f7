"""Change polling: a cheap way for a session to see that another one committed."""

from __future__ import annotations

import sqlite3

from .connection import Connection
from .errors import StoreError, db_message


class ChangePolling(Connection):
    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (not on our own commits).

        Per connection: poll with the Store whose changes should be ignored, on
        the thread that owns it.
        """
        try:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreError(db_message(self.path, exc)) from None
