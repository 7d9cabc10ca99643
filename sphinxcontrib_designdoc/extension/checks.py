"""The rules of the core (:mod:`..core.rules`) in a build.

Once every document is read, the project of the environment
(:func:`env_project`) is checked and each problem logged as a typed, located
warning, from the one ``env-check-consistency`` handler of the package (and,
when Sphinx skips its consistency checks, from :mod:`.replay`).  The problems
are kept in the domain's data, as the warnings they are logged as, with what
they were computed from: the generation of the entries (renewed by
:mod:`.freshness` whenever a document is read or removed), the build stamp and
the rule settings.  They are computed before the environment is saved, so a
build that reads nothing logs them without checking the project again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.builddate import build_date
from ..core.project import Project, Settings
from .config import registry
from .domain import get_domain
from .quality import compliance_by_component
from .stamp import digest_stamp
from .warnings_ import DocumentWarning

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def settings(config: Config) -> Settings:
    """The rule settings of a configuration."""
    return Settings(
        warn_overdue=config.designdoc_warn_overdue,
        warn_failing_gates=config.designdoc_warn_failing_gates,
        quality_levels={k: tuple(v) for k, v in config.designdoc_quality_levels.items()},
        default_quality=config.designdoc_default_quality,
    )


def env_project(env: BuildEnvironment) -> Project:
    """The project the rules check, from the environment of a build (made
    once per link index: the checks and the reports share it)."""
    domain = get_domain(env)
    project = domain.derived.get("project")
    if project is None:
        project = domain.derived["project"] = Project(
            index=domain.index,
            registry=registry(env.config),
            today=build_date(env.config.designdoc_today),
            settings=settings(env.config),
            compliance=compliance_by_component(env),
            titles={docname: title.astext() for docname, title in env.titles.items()},
        )
    assert isinstance(project, Project)
    return project


def project_warnings(env: BuildEnvironment) -> list[DocumentWarning]:
    """The warnings of the project's problems, checked at most once per state
    of the sources (kept as plain warnings: a build that reads nothing loads
    no entry to log them)."""
    data = get_domain(env).data
    key: list[Any] = [data.get("generation"), digest_stamp(env), settings(env.config)]
    cached = data.get("problems")
    if cached is not None and key[0] is not None and cached[0] == key:
        warnings: list[DocumentWarning] = cached[1]
        return warnings
    from ..core.rules import check_project

    warnings = [
        DocumentWarning(problem.message, problem.subtype.value, problem.entry.location)
        for problem in check_project(env_project(env))
    ]
    data["problems"] = (key, warnings)
    return warnings


def log_problems(env: BuildEnvironment) -> None:
    """Log every problem of the project as a warning at its entry."""
    for warning in project_warnings(env):
        warning.log()


def _check_before_saving(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Check the project once the generation is renewed and before the
    environment is saved, so the saved environment holds the problems."""
    project_warnings(env)
    return []


def _check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    log_problems(env)


def setup_checks(app: Sphinx) -> None:
    # after freshness renews the generation (env-get-updated, priority 500)
    app.connect("env-get-updated", _check_before_saving, priority=900)
    app.connect("env-check-consistency", _check_consistency)
