"""Write files all-or-nothing: each to a temporary file in its target folder, then rename.

A failed export leaves no partial file behind: every temporary file is written (and flushed) before
any is renamed into place, and all temporaries are removed if one write fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from progtempo.errors import ProgtempoError


def check_writable_folder(folder: Path, target: Path | None = None) -> None:
    """Raise ProgtempoError unless `folder` exists, is a folder and can be written to."""
    what = f"cannot write {target}" if target is not None else f"cannot write into {folder}"
    if not folder.exists():
        raise ProgtempoError(f"{what}: the folder {folder} does not exist (create it, or choose another -o)")
    if not folder.is_dir():
        raise ProgtempoError(f"{what}: {folder} is a file, not a folder (choose another -o)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ProgtempoError(f"{what}: permission denied in {folder} (choose a folder you can write to)")


def write_all(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file atomically, or none of them; return the paths written, in order.

    Each target's folder must exist. A target that is an existing folder is refused.
    """
    for path in files:
        check_writable_folder(path.parent, path)
        if path.is_dir():
            raise ProgtempoError(
                f"cannot write {path}: it is a folder (give a file name, e.g. -o {path}/session.fit)"
            )
    temps: list[tuple[str, Path]] = []
    current = Path(".")
    try:
        for path, data in files.items():
            current = path
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; an export is an ordinary shared file
        for tmp, path in temps:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise ProgtempoError(
            f"cannot write {current}: {exc.strerror or exc} (check the folder's free space and permissions)"
        ) from None
    return list(files)
