from .db import AuditRow, ConflictError, Store, StoreError

__all__ = ["AuditRow", "ConflictError", "Store", "StoreError"]
