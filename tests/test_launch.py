"""The book's launch buttons lead somewhere that works.

- **Colab**: a chapter opened in Colab installs mlpkit first. Every chapter's first code
  cell starts with the guard that ``tools/colab_cell.py`` writes (``%pip install`` from the
  repository named in ``_config.yml``, only when ``google.colab`` is imported). The script
  itself is tested on copies of the chapters: only the first code cell's source changes,
  outputs and execution counts stay, a second run changes nothing, and the cell is still
  valid IPython.
- **Binder**: ``binder/requirements.txt`` and ``binder/postBuild`` refer to files that exist
  and install mlpkit (with the extras the chapters import) and everything
  ``requirements.txt`` installs; ``postBuild`` is executable. Parsed, not installed.
- **Every launch link of the built book** (``_build/html``; skipped when it is not built):
  Colab, Binder, download, repository, edit and issue buttons point at this repository, its
  branch, and a file that exists in it.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tools"))
yaml = pytest.importorskip("yaml", reason="the launch tests read _config.yml (pyyaml, in the [test] extra)")
import colab_cell  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO = CONFIG["repository"]["url"].rstrip("/").removesuffix(".git")
BRANCH = CONFIG["repository"].get("branch", "main")
OWNER_NAME = urlparse(REPO).path.strip("/")  # "owner/name"
CHAPTERS = colab_cell.chapters()
NOTEBOOK_EXTRAS = {"data", "plot", "widgets"}  # what the chapters import besides numpy


def _load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


# ---------------------------------------------------------------- Colab
def test_there_are_chapters():
    assert CHAPTERS, "no notebook chapter in _toc.yml"


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_installs_mlpkit_in_colab(path):
    """Fails until `python tools/colab_cell.py` has been run on the chapters (and committed)."""
    nb = _load(path)
    assert colab_cell.has_guard(nb, REPO), (
        f"{path.name}: the first code cell does not start with the Colab guard for {REPO}; "
        f"run `.venv/bin/python tools/colab_cell.py {path.relative_to(ROOT)}`"
    )


def test_guard_is_a_valid_pip_requirement():
    line = colab_cell.guard_lines(REPO)[2]
    requirement = re.search(r'"([^"]+)"', line).group(1)
    # PEP 508 direct reference: name[extras] @ url; the URL is the repository of _config.yml
    match = re.fullmatch(r"mlpkit\[([a-z,]+)\] @ git\+(https://\S+)", requirement)
    assert match, requirement
    assert set(match.group(1).split(",")) >= NOTEBOOK_EXTRAS
    assert match.group(2) == REPO
    packaging = pytest.importorskip("packaging.requirements")
    parsed = packaging.Requirement(requirement)
    assert parsed.name == "mlpkit" and parsed.url == f"git+{REPO}" and set(parsed.extras) >= NOTEBOOK_EXTRAS


def _ipython_valid(source):
    """The cell as IPython would run it (magics turned into calls) parses as Python."""
    transformer = pytest.importorskip("IPython.core.inputtransformer2")
    import ast

    python = transformer.TransformerManager().transform_cell(source)
    ast.parse(python)
    return python


def test_colab_cell_on_copies_of_the_chapters(tmp_path):
    """The script on copies: only the first code cell's source changes, and only once."""
    assert CHAPTERS
    for path in CHAPTERS:
        copy = tmp_path / path.name
        shutil.copy(path, copy)
        before = _load(copy)
        had = colab_cell.has_guard(before, REPO)
        changed = colab_cell.apply(copy, REPO)
        assert changed != had, f"{path.name}: apply() said {changed}, guard already there: {had}"
        after = _load(copy)
        assert colab_cell.has_guard(after, REPO), path.name
        text = copy.read_text(encoding="utf-8")
        assert colab_cell.apply(copy, REPO) is False and copy.read_text(encoding="utf-8") == text, (
            f"{path.name}: a second run changed the notebook"
        )
        first = next(i for i, c in enumerate(before["cells"]) if c["cell_type"] == "code")
        assert len(after["cells"]) == len(before["cells"])
        for i, (old, new) in enumerate(zip(before["cells"], after["cells"])):
            if i != first:
                assert old == new, f"{path.name}: cell {i} changed"
                continue
            assert {k: v for k, v in old.items() if k != "source"} == {
                k: v for k, v in new.items() if k != "source"
            }, f"{path.name}: the first code cell's outputs, execution count or metadata changed"
            old_src, new_src = _source(old), _source(new)
            assert new_src.endswith(old_src) and old_src in new_src, path.name
            assert type(old["source"]) is type(new["source"])
            python = _ipython_valid(new_src)
            assert "run_line_magic('pip'" in python, python
        assert {k: v for k, v in before.items() if k != "cells"} == {
            k: v for k, v in after.items() if k != "cells"
        }, f"{path.name}: notebook metadata changed"


def test_colab_cell_keeps_the_file_format(tmp_path):
    """Nothing but the inserted lines differs in the file (Jupyter's own JSON layout)."""
    path = CHAPTERS[0]
    assert colab_cell.dumps(_load(path)) == path.read_text(encoding="utf-8"), (
        f"{path.name} is not stored as Jupyter writes it: the script would reformat it"
    )
    nb = _load(path)  # the chapter as it was before the guard (the chapters carry it now)
    cell = colab_cell.first_code_cell(nb)
    guard = "".join(colab_cell.guard_lines(REPO))
    source = "".join(cell["source"])
    if source.startswith(guard):
        cell["source"] = source[len(guard) :].lstrip("\n").splitlines(keepends=True)
    copy = tmp_path / path.name
    copy.write_text(colab_cell.dumps(nb), encoding="utf-8")
    old = copy.read_text(encoding="utf-8").splitlines()
    colab_cell.apply(copy, REPO)
    new = copy.read_text(encoding="utf-8").splitlines()
    import difflib

    ops = [
        op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    assert [op[0] for op in ops] == ["insert"], ops  # lines added, none changed or removed
    added = new[ops[0][3] : ops[0][4]]
    assert len(added) == 4 and "google.colab" in added[1], added  # three lines and a blank one


def test_colab_cell_replaces_a_guard_for_another_repository():
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# 1. Title"]},
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {},
                "outputs": [{"name": "stdout", "output_type": "stream", "text": ["hi\n"]}],
                "source": colab_cell.guard_lines("https://github.com/old/place") + ["\n", 'print("hi")'],
            },
        ]
    }
    assert colab_cell.add_guard(nb, REPO) is True
    source = _source(nb["cells"][1])
    assert source.count("google.colab") == 1 and "old/place" not in source and REPO in source
    assert source.endswith('\n\nprint("hi")') and nb["cells"][1]["execution_count"] == 1
    assert colab_cell.add_guard(nb, REPO) is False
    empty = {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": []}]
    }
    assert colab_cell.add_guard(empty, REPO) and _ipython_valid(_source(empty["cells"][0]))
    assert colab_cell.add_guard({"cells": []}, REPO) is False


# ---------------------------------------------------------------- Binder
def _requirements(path, seen=None):
    """(requirements, editable or local installs, constraint files) of a pip requirements
    file, following -r and -c; every file it names must exist."""
    path = Path(path).resolve()
    seen = set() if seen is None else seen
    assert path.is_file(), f"{path} (named by a requirements file) does not exist"
    seen.add(path)
    reqs, local, constraints = [], [], []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        option = re.match(r"(-r|--requirement|-c|--constraint|-e|--editable)\s*=?\s*(\S+)", line)
        if option:
            flag, value = option.groups()
            if flag in ("-r", "--requirement"):
                more = _requirements(path.parent / value, seen)
                reqs += more[0]
                local += more[1]
                constraints += more[2]
            elif flag in ("-c", "--constraint"):
                assert (path.parent / value).is_file(), f"{path.name}: constraint file {value} missing"
                constraints.append(path.parent / value)
            else:
                local.append(value)
        elif line.startswith((".", "/")):
            local.append(line)
        else:
            reqs.append(line)
    return reqs, local, constraints


def _local_extras(spec):
    """'.[a,b]' -> ('.', {'a', 'b'})."""
    match = re.fullmatch(r"([^\[]+)(?:\[([^\]]*)\])?", spec.strip("\"'"))
    return match.group(1), {e.strip() for e in (match.group(2) or "").split(",") if e.strip()}


def test_binder_requirements_install_what_requirements_txt_installs():
    binder = ROOT / "binder" / "requirements.txt"
    assert binder.is_file(), "binder/requirements.txt missing: the Binder button builds from it"
    reqs, local, _ = _requirements(binder)
    root_reqs, root_local, root_constraints = _requirements(ROOT / "requirements.txt")
    assert set(root_reqs) <= set(reqs), f"binder misses {set(root_reqs) - set(reqs)}"
    assert set(root_local) <= set(local), f"binder misses {set(root_local) - set(local)}"
    assert root_constraints, "requirements.txt pins nothing (no -c constraints.txt)"
    # Binder (repo2docker) runs pip from the repository's root: local paths are relative to it
    extras = set()
    for spec in local:
        target, names = _local_extras(spec)
        assert (ROOT / target / "pyproject.toml").is_file(), f"binder installs {spec}: no project there"
        extras |= names
    assert extras >= NOTEBOOK_EXTRAS, f"binder's mlpkit lacks the extras {NOTEBOOK_EXTRAS - extras}"
    interface = CONFIG.get("launch_buttons", {}).get("notebook_interface", "classic")
    if interface == "jupyterlab":
        assert any(re.match(r"jupyterlab\b", r) for r in reqs), (
            "the Binder button opens JupyterLab: install it"
        )


def test_binder_postbuild_installs_mlpkit_and_is_executable():
    post = ROOT / "binder" / "postBuild"
    assert post.is_file(), "binder/postBuild missing"
    text = post.read_text(encoding="utf-8")
    assert text.startswith("#!"), "postBuild needs a shebang line"
    assert os.access(post, os.X_OK), "binder/postBuild is not executable (chmod +x)"
    if (ROOT / ".git").exists() and shutil.which("git"):
        mode = subprocess.run(
            ["git", "ls-files", "-s", "binder/postBuild"], cwd=ROOT, capture_output=True, text=True
        ).stdout.split()
        if mode:  # committed: git must store it executable too, or Binder's clone is not
            assert mode[0] == "100755", f"binder/postBuild is committed as {mode[0]}, not 100755"
    installs = re.findall(r"pip install\s+(.*)", text)
    assert installs, "postBuild installs nothing"
    for command in installs:
        for word in command.split():
            if word.startswith("-"):
                continue
            target, _ = _local_extras(word)
            if target.startswith((".", "/")):
                assert (ROOT / target / "pyproject.toml").is_file(), f"postBuild installs {word}: no project"
    # every file path the script names exists in the repository
    for path in re.findall(r"(?:^|\s)((?:\./|binder/|tools/|book/)[\w./-]+)", text):
        assert (ROOT / path).exists(), f"postBuild refers to {path}, which does not exist"


# ---------------------------------------------------------------- launch links in the built book
LINK = re.compile(r"<a\b[^>]*\bhref=\"([^\"]+)\"", re.IGNORECASE)


def _pages():
    if not (HTML / "index.html").is_file():
        pytest.skip("the HTML book is not built (make book)")
    return [p for p in HTML.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts]


def _repo_file(url):
    """The repository path a launch or source link points at, or None if it is not one."""
    parsed = urlparse(url)
    host, path = parsed.netloc, unquote(parsed.path)
    if host == "colab.research.google.com":
        match = re.fullmatch(rf"/github/{re.escape(OWNER_NAME)}/blob/([^/]+)/(.+)", path)
        assert match, f"a Colab link not into {OWNER_NAME}: {url}"
        return match.group(1), match.group(2)
    if host.endswith("mybinder.org"):
        match = re.fullmatch(rf"/v2/gh/{re.escape(OWNER_NAME)}/([^/]+)/?", path)
        assert match, f"a Binder link not into {OWNER_NAME}: {url}"
        urlpath = (
            parse_qs(parsed.query).get("urlpath", [""])[0] or parse_qs(parsed.query).get("filepath", [""])[0]
        )
        inner = re.sub(r"^/?(lab/tree|tree|notebooks|doc/tree|lab)/", "", urlpath)
        return match.group(1), inner or None
    if host == "github.com":
        if not path.startswith(f"/{OWNER_NAME}"):
            return None  # a link to someone else's repository (a citation): not a launch link
        rest = path[len(OWNER_NAME) + 1 :].strip("/")
        match = re.fullmatch(r"(?:blob|edit|tree|raw)/([^/]+)/(.+)", rest)
        if match:
            return match.group(1), match.group(2)
        assert rest in ("", "issues", "issues/new") or rest.startswith("issues"), f"unexpected link {url}"
        template = parse_qs(parsed.query).get("template", [None])[0]
        return BRANCH, (f".github/ISSUE_TEMPLATE/{template}" if template else None)
    return None


def test_launch_links_point_at_files_in_the_repository():
    checked = {"colab": 0, "binder": 0, "edit": 0, "download": 0, "repository": 0}
    problems = []
    for page in _pages():
        html = page.read_text(encoding="utf-8")
        for href in LINK.findall(html):
            href = href.replace("&amp;", "&")
            if "_sources/" in href and not href.startswith(("http:", "https:")):
                target = (page.parent / unquote(href.split("#")[0])).resolve()
                checked["download"] += 1
                if not target.is_file():
                    problems.append(f"{page.relative_to(HTML)}: download link {href} has no file")
                # the download is the page's own source, which is in the repository
                source = ROOT / unquote(href.split("#")[0]).split("_sources/", 1)[1]
                if not source.is_file():
                    problems.append(f"{page.relative_to(HTML)}: {href} is not a file of the repository")
                continue
            if not href.startswith(("http:", "https:")):
                continue
            found = _repo_file(href)
            if found is None:
                continue
            branch, path = found
            host = urlparse(href).netloc
            kind = (
                "colab"
                if "colab" in host
                else "binder"
                if "binder" in host
                else "edit"
                if path
                else "repository"
            )
            checked[kind] += 1
            if branch != BRANCH:
                problems.append(f"{page.relative_to(HTML)}: {href} is on branch {branch}, not {BRANCH}")
            if path is not None and not (ROOT / path).is_file():
                problems.append(f"{page.relative_to(HTML)}: {href} points at {path}, not in the repository")
    assert not problems, "\n".join(problems[:30])
    assert checked["colab"] and checked["binder"] and checked["edit"] and checked["download"], checked
    assert checked["repository"], f"no repository or issues button found: {checked}"


def test_repo_file_parses_every_kind_of_link():
    nb = "book/01_multilayer_network.ipynb"
    assert _repo_file(f"https://colab.research.google.com/github/{OWNER_NAME}/blob/{BRANCH}/{nb}") == (
        BRANCH,
        nb,
    )
    assert _repo_file(f"https://mybinder.org/v2/gh/{OWNER_NAME}/{BRANCH}?urlpath=lab/tree/{nb}") == (
        BRANCH,
        nb,
    )
    assert _repo_file(f"https://mybinder.org/v2/gh/{OWNER_NAME}/{BRANCH}?urlpath=tree/{nb}") == (BRANCH, nb)
    assert _repo_file(f"https://github.com/{OWNER_NAME}/edit/{BRANCH}/{nb}") == (BRANCH, nb)
    assert _repo_file(f"https://github.com/{OWNER_NAME}/issues/new?title=x") == (BRANCH, None)
    assert _repo_file(f"https://github.com/{OWNER_NAME}/issues/new?template=errata.yml") == (
        BRANCH,
        ".github/ISSUE_TEMPLATE/errata.yml",
    )
    assert _repo_file("https://github.com/someone/else") is None
    with pytest.raises(AssertionError):
        _repo_file("https://colab.research.google.com/github/someone/else/blob/main/x.ipynb")


# ---------------------------------------------------------------- the errata form
ISSUE_FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_errata_form_asks_where_which_version_what_and_the_fix():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "errata.yml").read_text(encoding="utf-8"))
    assert form["name"] and form["description"] and "errata" in form["labels"]
    ids = [item.get("id") for item in form["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids)), "issue form ids must be unique"
    for item in form["body"]:
        assert item["type"] in ISSUE_FORM_TYPES, item
        if item["type"] != "markdown":
            assert item["attributes"]["label"], item
            assert re.fullmatch(r"[A-Za-z0-9_-]+", item["id"]), item["id"]
        if item["type"] == "dropdown":
            assert item["attributes"]["options"], item
    required = {i["id"] for i in form["body"] if i.get("validations", {}).get("required")}
    assert {"page", "version", "cell", "wrong"} <= required and "should" in ids
    config = ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml"
    if config.is_file():
        for link in yaml.safe_load(config.read_text(encoding="utf-8")).get("contact_links", []):
            found = _repo_file(link["url"])
            if found and found[1]:
                assert (ROOT / found[1]).is_file(), f"config.yml links to {link['url']}: no such file"
