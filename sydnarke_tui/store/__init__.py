from .db import AuditRow, ConflictError, Store, StoreError, field_version

__all__ = ["AuditRow", "ConflictError", "Store", "StoreError", "field_version"]
