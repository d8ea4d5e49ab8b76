"""The data folder is the collaboration's: survey answers, the register, feedback, the pseudonym key.
Readable by the account that runs Samenspel only (folder 0700, files 0600), whatever the umask of
the shell or service manager that started it, and tightened again for folders made before."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077


def keep_private(data_dir: Path) -> None:
    """From now on, everything this process creates is the owner's only; the data folder (made if
    needed) and what is in it lose any group or other access they had."""
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(parents=True, exist_ok=True)
    for root, dirs, files in os.walk(data_dir):
        for name in [root, *(os.path.join(root, d) for d in dirs), *(os.path.join(root, f) for f in files)]:
            try:
                mode = os.lstat(name).st_mode
                if not stat.S_ISLNK(mode) and mode & 0o077:
                    os.chmod(name, stat.S_IMODE(mode) & ~0o077)
            except OSError:  # a file that went away meanwhile, or one we may not change: not ours to fix
                continue
