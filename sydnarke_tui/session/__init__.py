"""The edit session between the UI/CLI and the store (no Textual, no argparse)."""

from ..store.db import AuditRow, ConflictError, StoreError
from .edits import Busy, Conflict, Edit, Failed, FieldSpec, Saved, SaveJob, SaveResult
from .session import NoYear, Prepared, Session, SessionError
from .workflows import PlannedImport, WorkflowError

__all__ = ["AuditRow", "Busy", "Conflict", "ConflictError", "StoreError", "Edit", "Failed", "FieldSpec", "NoYear",
           "PlannedImport", "Prepared", "SaveJob", "SaveResult", "Saved", "Session", "SessionError", "WorkflowError"]
