"""The former name of `session_cli` (the `reposelect session` command): old imports keep working."""
from .session_cli import main

__all__ = ["main"]
