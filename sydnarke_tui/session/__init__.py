"""The edit session between the UI/CLI and the store (no Textual, no argparse)."""

from ..store.db import AuditRow, ConflictError, StoreError
from .edits import Conflict, Edit, Failed, FieldSpec, Saved, SaveResult
from .session import Session, SessionError
from .workflows import PlannedImport, WorkflowError

__all__ = ["AuditRow", "Conflict", "ConflictError", "StoreError", "Edit", "Failed", "FieldSpec", "PlannedImport", "SaveResult", "Saved", "Session",
           "SessionError", "WorkflowError"]
