"""Every builder writes entries, with warnings as errors.

``sphinx-build -W -n --keep-going -b <builder>`` runs as a real command line on
two projects: the self-contained root ``test-builders`` (every kind, a kind of
the project's own, links and roles, RST and MyST) and the demo project.  The
entries are filled in by a post-transform, so every writer must see standard
nodes only: any unknown node would fail the build.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent

BUILDERS = ("html", "dirhtml", "singlehtml", "latex", "text", "man", "texinfo", "epub")
DEMO = REPO / "demo"

#: The files each builder writes its documents to.
OUTPUT_SUFFIXES = {
    "html": (".html",),
    "dirhtml": (".html",),
    "singlehtml": (".html",),
    "latex": (".tex",),
    "text": (".txt",),
    "man": tuple(f".{section}" for section in range(1, 10)),
    "texinfo": (".texi",),
    "epub": (".xhtml",),
}


def sphinx_build(builder: str, srcdir: Path, tmp_path: Path) -> Path:
    """Run ``sphinx-build`` with warnings as errors; return the output directory."""
    outdir = tmp_path / builder
    # the doctree cache lives outside the output: the epub builder would
    # otherwise warn about the cache's files
    command = [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going"]
    command += ["-b", builder, "-d", str(tmp_path / "doctrees"), str(srcdir), str(outdir)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    report = f"{' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr}"
    assert result.returncode == 0, report
    assert "build succeeded" in result.stdout, report
    assert "Traceback" not in result.stderr, report
    return outdir


def outputs(builder: str, outdir: Path) -> dict[str, str]:
    """Name -> text of the documents a builder wrote (an epub's from inside the book)."""
    if builder == "epub":
        (book,) = outdir.glob("*.epub")
        with zipfile.ZipFile(book) as archive:
            return {
                name: archive.read(name).decode("utf-8")
                for name in archive.namelist()
                if name.endswith(".xhtml")
            }
    return {
        p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8")
        for p in outdir.rglob("*")
        if p.suffix in OUTPUT_SUFFIXES[builder] and "_static" not in p.parts
    }


def flat(text: str) -> str:
    """Text with its line wrapping undone (text, man and texinfo writers wrap)."""
    return re.sub(r"\s+", " ", text)


# -- the self-contained root -------------------------------------------------

#: builder -> (output file, fragments it must contain).
ROOT_CHECKS: dict[str, tuple[str, list[str]]] = {
    "html": (
        "design.html",
        [
            'id="C-CACHE"',
            '<strong class="dd-title">Artefact cache</strong>',
            'href="plan.html#D-OBJECT-STORE"',
            'href="index.html#G-NIGHTLY"',
        ],
    ),
    "dirhtml": (
        "design/index.html",
        [
            'id="C-CACHE"',
            '<strong class="dd-title">Artefact cache</strong>',
            'href="../plan/#D-OBJECT-STORE"',
        ],
    ),
    "singlehtml": (
        "index.html",
        [
            'id="C-CACHE"',
            'id="D-OBJECT-STORE"',
            '<strong class="dd-title">Artefact cache</strong>',
            'href="#D-OBJECT-STORE"',
        ],
    ),
    "latex": (
        "builders.tex",
        [
            r"\label{\detokenize{design:C-CACHE}}",
            r"\sphinxstylestrong{Artefact cache}",
            r"\hyperref[\detokenize{plan:D-OBJECT-STORE}]",
        ],
    ),
    "text": (
        "design.txt",
        [
            'Component "C-CACHE" **Artefact cache** in-progress',
            'Satisfies: "G-NIGHTLY" Nightly builds finish before seven',
            'Required by: "C-SCHEDULER" Scheduler',
            'Implements: "CT-CACHE" Cache protocol',
            'Quality gate "QG-CACHE-TESTS" **Cache tests pass** passing',
            "Evidence: reports/cache-tests.xml",
            "The scheduler (*C-SCHEDULER*) asks *the cache* first.",
        ],
    ),
    "man": ("builders.7", [r"\fBArtefact cache\fP", "Artefacts go to the object store"]),
    "texinfo": ("builders.texi", ["@anchor{design C-CACHE}", "Artefact cache"]),
    "epub": (
        "design.xhtml",
        ['id="C-CACHE"', "Artefact cache", 'href="plan.xhtml#D-OBJECT-STORE"'],
    ),
}


@pytest.mark.parametrize("builder", BUILDERS)
def test_root_builds_with_every_builder(builder: str, tmp_path: Path) -> None:
    outdir = sphinx_build(builder, ROOTS / "test-builders", tmp_path)
    written = outputs(builder, outdir)
    name, fragments = ROOT_CHECKS[builder]
    matches = [key for key in written if key == name or key.endswith(f"/{name}")]
    assert matches, f"{name} not among {sorted(written)}"
    text = flat(written[matches[0]])
    for fragment in fragments:
        assert flat(fragment) in text, f"{fragment!r} not in {name}"
    # the placeholders were all replaced
    assert "entry_links" not in text


def test_text_output_of_an_entry(tmp_path: Path) -> None:
    """The text builder shows a card as readable plain text, links after the body."""
    outdir = sphinx_build("text", ROOTS / "test-builders", tmp_path)
    text = (outdir / "plan.txt").read_text(encoding="utf-8")
    start = text.index('Decision "D-OBJECT-STORE"')
    card = text[start : text.index("The decision", start)]
    assert (
        flat(card).strip()
        == flat(
            """
        Decision "D-OBJECT-STORE" **Artefacts go to the object store** accepted
        Date: 2025-02-01
        Deciders: Ada, Linus
        The object store already holds the release artefacts.
        Affects: "C-CACHE" Artefact cache
        Resolves: "Q-STORAGE" Where do artefacts live?
        Mitigates: "R-DISK" The cache fills the disk
        """
        ).strip()
    )


# -- the demo ------------------------------------------------------------------

_RST_ENTRY = re.compile(r"^\.\. (?:design-[a-z-]+|quality-gate):: (?P<title>.+)$")
_MYST_ENTRY = re.compile(r"^(?:```|~~~|:::)\{(?:design-[a-z-]+|quality-gate)\} (?P<title>.+)$")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_ID = re.compile(r"^\s*:id:\s*(?P<id>\S+)\s*$")


def demo_entries() -> list[tuple[str, str, str]]:
    """(document, ID, title) of the demo's entries with plain titles and explicit IDs.

    Plain titles (letters, digits, spaces) appear verbatim in every output
    format, escaping aside.
    """
    found = []
    for path in sorted(DEMO.rglob("*")):
        if path.suffix not in (".rst", ".md") or "_build" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            match = _RST_ENTRY.match(line) or _MYST_ENTRY.match(line)
            if not match or not re.fullmatch(r"[A-Za-z0-9 ]+", match["title"].strip()):
                continue
            for option in lines[number + 1 :]:
                if not _OPTION.match(option):
                    break  # the end of the entry's options
                id_match = _ID.match(option)
                if id_match:
                    docname = path.relative_to(DEMO).with_suffix("").as_posix()
                    found.append((docname, id_match["id"], match["title"].strip()))
    return found


@pytest.mark.skipif(not (DEMO / "conf.py").is_file(), reason="the demo project is not there")
@pytest.mark.parametrize("builder", BUILDERS)
def test_demo_builds_with_every_builder(builder: str, tmp_path: Path) -> None:
    entries = demo_entries()
    assert entries, "no demo entry with a plain title and an explicit :id:"
    outdir = sphinx_build(builder, DEMO, tmp_path)
    written = outputs(builder, outdir)
    everything = flat("\n".join(written.values()))
    for _docname, entry_id, title in entries:
        assert title in everything, f"{title!r} ({entry_id}) missing from the {builder} output"
        if builder in ("html", "dirhtml", "singlehtml", "epub"):
            assert f'id="{entry_id}"' in everything
