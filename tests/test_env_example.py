""".env.example lists every environment variable the app reads, and nothing else.

An operator configures the installation from that file; a variable missing there is a
setting nobody knows to set, and one the app no longer reads is a setting that silently does
nothing. The names the app reads are found in the code itself (every call of the
ruggensteun.env helpers and of os.environ/os.getenv), not in a list kept by hand.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / ".env.example"
HELPERS = {"env_str", "env_bool", "env_int", "env_list"}
# A line "NAME=value" or, for a variable left at its default, "# NAME=value".
LISTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.M)


def _name_read(call: ast.Call) -> tuple[bool, str | None]:
    """Whether the call reads the environment, and the name it reads (None: not a literal)."""
    func = call.func
    helper = isinstance(func, ast.Name) and func.id in HELPERS
    environ_get = (
        isinstance(func, ast.Attribute)
        and func.attr == "get"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "environ"
    )
    getenv = isinstance(func, ast.Attribute) and func.attr == "getenv"
    if not (helper or environ_get or getenv):
        return False, None
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return True, first.value
    return True, None


def names_read_by_the_app(root: Path) -> set[str]:
    names: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        if path.name == "env.py" and path.parent == root:
            continue  # the helpers themselves read the name they are given
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                reads, name = _name_read(node)
                assert not reads or name, (
                    f"{path.relative_to(ROOT)}:{node.lineno} reads a variable whose name is not "
                    "written out; this test cannot check it"
                )
                if name:
                    names.add(name)
            elif (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "environ"
                and isinstance(node.ctx, ast.Load)
                and isinstance(node.slice, ast.Constant)
            ):
                names.add(node.slice.value)
    return names


def names_listed(text: str) -> set[str]:
    return set(LISTED.findall(text))


def readme_names() -> set[str]:
    """The variables of the README's Configuration table."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_the_scanner_finds_every_kind_of_read(tmp_path):
    """The scanner must see each way of reading the environment, or the test below could
    pass while a variable slips through."""
    (tmp_path / "one.py").write_text(
        "import os\n"
        'A = env_str("ALPHA", "")\n'
        'B = env_bool("BETA", False)\n'
        'C = env_int("GAMMA", 1, minimum=0)\n'
        'D = env_list("DELTA", [])\n'
        'E = os.environ.get("EPSILON")\n'
        'F = os.getenv("ZETA")\n'
        'G = os.environ["ETA"]\n'
        'os.environ.setdefault("NOT_READ", "x")\n'
    )
    assert names_read_by_the_app(tmp_path) == {
        "ALPHA",
        "BETA",
        "GAMMA",
        "DELTA",
        "EPSILON",
        "ZETA",
        "ETA",
    }


def test_the_example_lists_both_set_and_commented_variables():
    assert names_listed("# a comment\nDEBUG=false\n# MEDIA_ROOT=/srv\n#   not a variable\n") == {
        "DEBUG",
        "MEDIA_ROOT",
    }


def test_the_example_lists_exactly_what_the_app_reads():
    read = names_read_by_the_app(ROOT / "ruggensteun")
    listed = names_listed(EXAMPLE.read_text())
    assert read, "found no variable at all: the scanner is broken"
    assert not read - listed, f"read by the app but missing in .env.example: {read - listed}"
    assert not listed - read, f"in .env.example but read by no code: {listed - read}"


def test_the_example_lists_every_variable_of_the_readme():
    documented = readme_names()
    assert "SECRET_KEY" in documented, "the README's Configuration table was not found"
    missing = documented - names_listed(EXAMPLE.read_text())
    assert not missing, f"in the README but missing in .env.example: {missing}"
