"""Request lines written in batches, as nginx writes its access log with ``buffer=32k flush=1s``.

Writing each request's line at once costs a ``write`` system call per request, during which the
worker's thread gives up the interpreter lock; under load that was a third of a cached page's cost
(``make bench``). With ``LOG_FLUSH_SECONDS`` above 0 (1 in production), lines are kept in memory
and written in one call when 32 KB are waiting, when the oldest has waited that long (checked on
each line, and by a thread that wakes as often, for a quiet site), before any other record of the
site's log (an error follows the lines of the requests before it), and when the process exits (``atexit``, or a server worker's exit).
What a process killed outright (SIGKILL) had not written is lost, at most that many seconds of
request lines; error records are never held. With 0 (the default outside production) each line is
written at once.
"""
import atexit
import os
import sys
import threading
import time

LIMIT = 32 * 1024


class LineBuffer:
    def __init__(self, lock):
        # The handler's lock (re-entrant, renewed in a forked child by ``logging``), and only it: the
        # handler flushes this buffer while holding it, so a lock of the buffer's own could deadlock.
        self.lock = lock
        self.seconds = 0.0
        self._reset()
        os.register_at_fork(after_in_child=self._reset)  # a forked worker starts empty, its own thread
        atexit.register(self.flush)

    def _reset(self):
        self.lines, self.size, self.oldest, self.flusher = [], 0, 0.0, None

    def add(self, line):
        if self.seconds <= 0:  # no batches: each line at once
            with self.lock:
                self.lines.append(line)
                self._write()
            return
        now = time.monotonic()
        with self.lock:
            if not self.lines:
                self.oldest = now
            self.lines.append(line)
            self.size += len(line)
            due = self.size >= LIMIT or now - self.oldest >= self.seconds
            if self.flusher is None:
                self._start_flushing()
            if due:
                self._write()

    def _start_flushing(self):
        """In the process that writes, once: the thread, and the write at exit. A server's worker
        (granian's, a ``multiprocessing`` child) ends with ``os._exit``, which skips ``atexit``; the
        finalizers ``multiprocessing`` runs first are registered here, after it has cleared those the
        worker inherited."""
        from multiprocessing.util import Finalize

        Finalize(None, self.flush, exitpriority=100)
        self.flusher = threading.Thread(target=self._flush_every, name="wscn-log-flush", daemon=True)
        self.flusher.start()

    def flush(self):
        if self.lines:
            with self.lock:
                self._write()

    def _write(self):
        if self.lines:
            text, self.lines, self.size = "".join(self.lines), [], 0
            sys.stderr.write(text)
            sys.stderr.flush()

    def _flush_every(self):
        while True:
            time.sleep(self.seconds or 1.0)
            self.flush()
