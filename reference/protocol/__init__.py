"""Sealed submissions, the modeled enclave, the public log and the zero-knowledge audit."""
