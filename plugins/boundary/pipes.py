"""Output to a pipe that the reader closes early (`boundary rules | head`, `invoke approve … | head`).

Python raises BrokenPipeError on the next write, and a command would end in a traceback. Instead,
the rest of its output goes nowhere and the command finishes its work: a publish piped into
`head` still finishes publishing, and says so in its exit code.
"""

from __future__ import annotations

import os
import sys


class _Null:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


_NULL = _Null()


class _Stream:
    """A text stream that, once its reader has gone, writes to the null device instead."""

    def __init__(self, stream):
        self._stream = stream

    def _gone(self):
        # The stream's own descriptor now leads to the null device: what it still holds, and all
        # that follows, is written there.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, self._stream.fileno())
            finally:
                os.close(devnull)
        except (OSError, ValueError, AttributeError):
            self._stream = _NULL

    def write(self, text):
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self):
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._gone()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def tolerate_closed_pipes() -> None:
    """Make stdout and stderr quiet, not fatal, when the reader of a pipe goes away."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, _Stream):
            setattr(sys, name, _Stream(stream))
