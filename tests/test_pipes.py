"""A reader that closes the pipe early (`boundary rules | head -1`) gets no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def _read_one_line_then_close(cmd: list[str]) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # as `head -1` does
    _out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(cmd, proc.returncode, first, err)


def test_boundary_rules_into_a_closed_pipe_ends_quietly():
    got = _read_one_line_then_close([sys.executable, "-m", "boundary.cli", "rules"])
    assert got.stdout.startswith(b"B101")
    assert b"Traceback" not in got.stderr and b"BrokenPipe" not in got.stderr, got.stderr.decode()
    assert got.returncode == 0


def test_invoke_into_a_closed_pipe_ends_quietly():
    invoke = os.path.join(os.path.dirname(sys.executable), "invoke")
    got = _read_one_line_then_close([invoke, "check", "-p", "content"])
    assert got.stdout
    assert b"Traceback" not in got.stderr and b"BrokenPipe" not in got.stderr, got.stderr.decode()
    assert got.returncode == 0


def test_a_stream_whose_reader_is_gone_swallows_the_rest():
    from boundary.pipes import _Stream

    r, w = os.pipe()
    os.close(r)
    raw = os.fdopen(w, "w", encoding="utf-8", buffering=1)
    stream = _Stream(raw)
    try:
        for _ in range(3):
            assert stream.write("a line that nobody reads\n" * 1000) > 0
        stream.flush()
        assert os.readlink(f"/proc/self/fd/{raw.fileno()}") == os.devnull  # the rest goes nowhere
    finally:
        raw.close()
