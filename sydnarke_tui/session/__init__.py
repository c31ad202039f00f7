"""The edit session between the UI/CLI and the store (no Textual, no argparse)."""

from ..store.db import AuditRow, ConflictError, StoreError
from .edits import Conflict, Edit, Failed, FieldSpec, Saved, SaveResult
from .session import Prepared, Session, SessionError
from .workflows import PlannedImport, WorkflowError

__all__ = ["AuditRow", "Conflict", "ConflictError", "StoreError", "Edit", "Failed", "FieldSpec", "PlannedImport", "Prepared", "SaveResult", "Saved", "Session",
           "SessionError", "WorkflowError"]
