"""Parley's log file and crash reports, with API keys kept out of both.

``parley --debug …`` or ``PARLEY_LOG=debug`` writes debug records (each request's URL, headers and
status, request ids, retries, errors) to ``<log dir>/parley.log``, rotated at 1 MB with three kept;
otherwise only warnings are written, and the file is created only when there is something to say.
Every record and every crash report passes through :func:`redact`: the keys Parley was given and
anything shaped like a key or a bearer token become ``[redacted]``, so a log attached to a bug
report never carries a secret.

An uncaught exception writes ``crash-<time>.txt`` (traceback, versions, platform) to the log dir and
tells the user where it is; the desktop app keeps running.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from . import __version__, errors

LOG_FILE = "parley.log"
ENV = "PARLEY_LOG"  # debug, info, warning (default), error
REDACTED = "[redacted]"
MAX_BYTES = 1_000_000
BACKUPS = 3

# Anthropic keys (sk-ant-api03-…), AIHubMix and other proxies' keys (sk-…), bearer tokens and the
# key headers' values, wherever they appear in a message or a traceback.
_SHAPES = re.compile(
    r"sk-[A-Za-z0-9_\-]{8,}"
    r"|(?<=Bearer )[A-Za-z0-9_\-.=]{8,}"
    r"|(?<=['\"]x-api-key['\"]: ['\"])[^'\"]+"
    r"|(?<=x-api-key: )\S+",
    re.IGNORECASE,
)
_known: set[str] = set()
_known_lock = threading.Lock()

log = logging.getLogger("parley")


def remember_secret(value: str | None) -> None:
    """Redact *value* from every later log record and crash report, whatever its shape."""
    if value and len(value) >= 6:
        with _known_lock:
            _known.add(value)


def redact(text: str) -> str:
    """Key shapes first, then the keys Parley was given (and long slices of them, as errors do)."""
    with _known_lock:
        known = sorted(_known, key=len, reverse=True)
    return errors.redact(_SHAPES.sub(REDACTED, text), *known)


class RedactingFilter(logging.Filter):
    """Formats the record's message once, redacted, so no handler sees the raw arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        return True


log.addFilter(RedactingFilter())  # on the logger: records are redacted before any handler, ours or not


def level_from(value: str | None) -> int:
    names = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
    return names.get((value or "").strip().lower(), logging.WARNING)


def configure(log_dir: Path, level: str | None = None) -> Path:
    """Send Parley's records at *level* (else ``PARLEY_LOG``, else warning) to the rotating log file."""
    path = log_dir / LOG_FILE
    for handler in list(log.handlers):
        if getattr(handler, "parley", False):
            log.removeHandler(handler)
            handler.close()
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.parley = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level_from(level or os.environ.get(ENV)))
    log.propagate = False
    return path


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    lines = [
        f"Parley {__version__} crashed at {time.strftime('%Y-%m-%d %H:%M:%S')}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return redact("\n".join(line.rstrip("\n") for line in lines)) + "\n"


def write_crash_report(
    log_dir: Path, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    path.write_text(crash_report(exc_type, exc, tb), encoding="utf-8")
    log.error("unexpected error, report in %s", path)
    return path


def install_crash_handler(log_dir: Path, on_crash: Callable[[Path, str], None]) -> None:
    """Uncaught exceptions (main thread, other threads, Qt slots) write a report, then call
    *on_crash* with its path and a one-line summary; Ctrl+C stays a plain interrupt."""

    def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        try:
            path = write_crash_report(log_dir, exc_type, exc, tb)
        except OSError:
            sys.__excepthook__(exc_type, exc, tb)
            return
        on_crash(path, redact(f"{exc_type.__name__}: {exc}"))

    def handle_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            handle(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = handle
    threading.excepthook = handle_thread
