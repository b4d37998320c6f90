"""The transport's former home: `reposelect.reference.transport` holds it (with `answer`)."""
from reposelect.reference.transport import (
    ACCEPTED, IO_ERROR, REJECTED, SKIP_CHUNK, answer, emit, read_line, select_file, serve, stdin_binary,
)

__all__ = ["ACCEPTED", "IO_ERROR", "REJECTED", "SKIP_CHUNK", "answer", "emit", "read_line", "select_file", "serve",
           "stdin_binary"]
