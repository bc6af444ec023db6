"""Long terminal output through the user's pager, as git and gh do.

Only when standard output is a terminal and the text is taller than it;
``PAGER`` names the program (default ``less``), ``LESS`` is honoured (default
``FRX``: quit if one screen, keep colours, leave the text on screen), and
``--no-pager`` or ``PAGER=cat`` (or an empty ``PAGER``) turns it off.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

from .env import Env


def page(text: str, env: Env, *, enabled: bool = True) -> None:
    """Write ``text`` to the terminal, through the pager when it is long."""
    command = shlex.split(env.pager) if env.pager is not None else ["less"]
    if (
        not enabled
        or not env.stdout_tty
        or not command
        or command[0] == "cat"
        or text.count("\n") < env.height
        or shutil.which(command[0]) is None
    ):
        env.stdout.write(text)
        return
    child_env = {**os.environ, "LESS": env.less if env.less is not None else "FRX"}
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=child_env, text=True)
    except OSError:
        env.stdout.write(text)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(text)
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit early: that is the user's choice, not an error
    proc.wait()
