"""`reposelect conform pack DIR`: the versioned, reproducible release archive (spec/conformance.md 10.7).

Same bytes from the same commit: entries sorted by name, every mtime 0, uid/gid 0,
no user or group names, fixed modes (0644 files, 0755 folders), PAX format, and a
gzip header with mtime 0 and no file name.
"""
from __future__ import annotations

import gzip
import io
import json
import pathlib
import tarfile

from reposelect.reference.version import SPEC_VERSION

from .suite import HERE, SUITE_FILE, VECTORS

#: Files shipped next to the vectors (relative to conformance/).
EXTRA = ("GUIDE.md", "schema/wire.schema.json", "schema/manifest.schema.json", "registry.json")


def archive_name(version: str = SPEC_VERSION) -> str:
    """The release archive's file name for this spec version."""
    return f"reposelect-conformance-{version}"


def _entries(root: pathlib.Path) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    for p in sorted(root.rglob("*")):
        if p.is_file():
            files.append((f"vectors/{p.relative_to(root).as_posix()}", p.read_bytes()))
    for rel in EXTRA:
        p = HERE / rel
        if p.exists():
            files.append((rel, p.read_bytes()))
    return sorted(files)


def pack_bytes(root: pathlib.Path = VECTORS) -> bytes:
    """The reproducible release archive of the vector folder as bytes."""
    version = json.loads((root / SUITE_FILE).read_text("utf-8"))["spec_version"]
    top = archive_name(version)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        dirs = set()
        for name, _ in _entries(root):
            parts = name.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                dirs.add("/".join(parts[:i]))
        items = [(d, None) for d in sorted(dirs)] + _entries(root)
        items.sort(key=lambda x: x[0])
        for name, data in items:
            info = tarfile.TarInfo(f"{top}/{name}")
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.mode = 0o644
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def pack(outdir: pathlib.Path, root: pathlib.Path = VECTORS) -> pathlib.Path:
    """Write the release archive into `outdir`; return its path."""
    outdir.mkdir(parents=True, exist_ok=True)
    version = json.loads((root / SUITE_FILE).read_text("utf-8"))["spec_version"]
    path = outdir / f"{archive_name(version)}.tar.gz"
    path.write_bytes(pack_bytes(root))
    return path
