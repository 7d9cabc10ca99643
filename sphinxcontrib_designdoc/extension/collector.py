"""The garbage collector during a build.

An incremental build starts by loading the pickled environment, which is most
of the objects the process holds and lives until the build ends.  Left to
itself, the collector walks all of them again and again: while the pickle is
loaded (every allocation counts, and the environment is nothing but
allocations), during the build (every full collection), and when a
``sphinx-build`` process exits (a last collection, then freeing them one by
one).  On the ``dense`` corpus of ``make bench`` at 50,000 entries, a no-op
build spent 0.3 s of its 0.65 s loading and building in the collector and
another 0.55 s exiting; a one-entry edit spent 2.7 s of 7 s.  So:

* while the environment is loaded (from ``config-inited`` to
  ``builder-inited``) the collector is paused, and what was loaded is then put
  straight into the oldest generation, where it would end up anyway;
* when the build starts reading, the objects alive are moved out of the
  collector's reach (:func:`gc.freeze`, as servers do before they fork); in an
  incremental build, a full collection also waits for ten times more young
  collections than usual, since the frozen objects no longer count as
  long-lived (a build from scratch keeps the setting: it holds more and more
  doctrees, and waiting longer raised its peak memory by a quarter);
* when an incremental build that read a few documents has read them, the
  entries of the others are loaded (they stay pickled until then) and frozen
  with the rest, and full collections wait ten times longer again: at 50,000
  entries, the full collections that walked them cost an edit 0.3 s, and
  the one or two left in writing its pages another 0.3-0.5 s (without them,
  its peak memory was 620-653 MB instead of 598-628 MB);
* when the build finishes, everything is as it was, unless the process is the
  ``sphinx-build`` command, which exits right after: its objects stay frozen,
  so the exit frees nothing the operating system would not.

A process that froze objects itself (a host running builds) or turned the
collector off is left as it is.  An application that is never built freezes
nothing, and one whose start failed is undone when the next one starts.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: During a build, full collections wait for this many times more young
#: collections than the collector's setting.
FULL_COLLECTION_FACTOR = 10

#: An incremental build that read at most one document in this many freezes
#: what it loaded once it has read them (see :func:`settle`) ...
SETTLE_SHARE = 10
#: ... and its full collections wait for this many times more young ones.
SETTLED_FACTOR = 100

#: How a process runs the ``sphinx-build`` command.
COMMAND_MODULES = ("sphinx.__main__", "sphinx.cmd.build")
COMMAND_NAMES = ("sphinx-build", "sphinx-build.exe")


@dataclass
class _State:
    """What this package changed in the process's collector (one per process:
    the collector is)."""

    paused: bool = False
    frozen: bool = False
    thresholds: tuple[int, int, int] | None = None

    def undo(self) -> None:
        if self.paused:
            self.paused = False
            gc.enable()
        if self.frozen:
            self.frozen = False
            gc.unfreeze()
        if self.thresholds is not None:
            gc.set_threshold(*self.thresholds)
            self.thresholds = None


_STATE = _State()


def _host_manages_it() -> bool:
    """Whether the process froze objects or turned the collector off itself."""
    return not _STATE.frozen and (gc.get_freeze_count() > 0 or not gc.isenabled())


def exits_after_build() -> bool:
    """Whether this process is the ``sphinx-build`` command (or ``python -m
    sphinx``), which exits once its build is done."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name in COMMAND_MODULES:
        return True
    return bool(sys.argv) and Path(sys.argv[0]).name in COMMAND_NAMES


def pause(app: Sphinx, config: object) -> None:
    """Before the environment is loaded (an earlier application's changes,
    if its start failed, are undone first)."""
    _STATE.undo()
    if not _host_manages_it():
        gc.disable()
        _STATE.paused = True


def loaded(app: Sphinx) -> None:
    """Once the environment is loaded: what was loaded goes to the oldest
    generation (frozen and thawed at once, which moves it without walking it)."""
    if _STATE.paused:
        gc.freeze()
        gc.unfreeze()
        _STATE.paused = False
        gc.enable()


def freeze(app: Sphinx, env: BuildEnvironment, *args: object) -> list[str]:
    """When the build starts reading; full collections wait longer when an
    environment was loaded (a build that starts afresh keeps the setting: it
    holds more and more doctrees, which the collector frees)."""
    if not _STATE.frozen and not _host_manages_it():
        gc.freeze()
        _STATE.frozen = True
        if env.all_docs:
            young, middle, full = _STATE.thresholds = gc.get_threshold()
            gc.set_threshold(young, middle, full * FULL_COLLECTION_FACTOR)
    return []  # no document to read besides those Sphinx found


def settle(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once the documents are read, in a build that loaded an environment and
    read a few of its documents (at most one in :data:`SETTLE_SHARE`): the
    entries it kept pickled are loaded (the link index), and they and the
    rest of what is alive are frozen too; they live until the build ends.
    What is left to do is small, and full collections wait for
    :data:`SETTLED_FACTOR` times more young collections than the setting.  (A
    build that read more holds the garbage of more doctrees, which the
    collector still frees.)"""
    domain = get_domain(env)
    read = len(domain.build.cleared)
    if _STATE.thresholds is not None and 0 < read * SETTLE_SHARE <= len(env.all_docs):
        domain.index  # noqa: B018 (loads every document's entries)
        gc.freeze()
        young, middle, full = _STATE.thresholds
        gc.set_threshold(young, middle, full * SETTLED_FACTOR)
    return []  # no page to write besides those Sphinx found


def thaw(app: Sphinx, exception: BaseException | None) -> None:
    """When the build finishes (the command's process keeps it all frozen)."""
    if _STATE.frozen and exits_after_build():
        gc.freeze()
        _STATE.frozen = False  # for good: the process exits
    _STATE.undo()


def setup_collector(app: Sphinx) -> None:
    # first of their listeners: the pause spans the loading of the environment
    app.connect("config-inited", pause, priority=1)
    app.connect("builder-inited", loaded, priority=1)
    # inside Sphinx's build, which always ends with build-finished
    app.connect("env-get-outdated", freeze, priority=50)
    # before freshness computes the digests (see there)
    app.connect("env-get-updated", settle, priority=400)
    # after every other listener (the export and the state files are written)
    app.connect("build-finished", thaw, priority=1000)
