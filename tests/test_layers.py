"""The package's shape, read from its source: imports run one way, nothing private crosses a module,
and only the edge reads the environment.

    app (cli.py, the package root, every other top-level module)
      -> exports/ | queries/ | loaders/    (none of these three imports another)
        -> graph/
          -> exc.py

Every import counts, those inside functions and under TYPE_CHECKING too: an import put in a
function to dodge a cycle is still a door running the wrong way.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "dealgraph"
RANK = {"exc": 0, "graph": 1, "loaders": 2, "queries": 2, "exports": 2, "app": 3}
LIBRARY = ("exc", "graph", "loaders", "queries", "exports")  # below the edge: settings come in as arguments
ENVIRONMENT = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


@dataclass(frozen=True)
class Import:
    file: str  # relative to the package root
    line: int
    source: str  # the importing module
    target: str  # the module (or package) imported from
    names: tuple[str, ...]  # what `from target import ...` takes; () for `import target`
    modules: tuple[str, ...]  # the modules imported: target, or target.name for each name that is a module
    bound: tuple[str, ...]  # the local names those get (`as` names)
    text: str  # the statement as written

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text}"


def modules(root: Path) -> dict[str, Path]:
    """module name -> file, for the package at `root` (its subpackages: directories with __init__.py)."""
    found = {}

    def walk(folder: Path, prefix: str) -> None:
        for f in sorted(folder.glob("*.py")):
            found[prefix if f.name == "__init__.py" else f"{prefix}.{f.stem}"] = f
        for d in sorted(p for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").is_file()):
            walk(d, f"{prefix}.{d.name}")

    walk(root, PACKAGE)
    return found


def group(module: str) -> str:
    """The layer group a module belongs to: its top-level subpackage, or `app` at the top."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else "app"


def imports(root: Path) -> list[Import]:
    """Every import of one of the package's own modules, resolved to absolute names."""
    known = modules(root)
    out = []
    for module, path in known.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        rel = str(path.relative_to(root))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[:len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                names = tuple(a.name for a in node.names)
                bound = tuple(a.asname or a.name for a in node.names)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name == PACKAGE or a.name.startswith(PACKAGE + "."):
                        out.append(Import(rel, node.lineno, module, a.name, (), (a.name,), (a.asname or "",),
                                          ast.unparse(node)))
                continue
            else:
                continue
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                found = tuple(f"{target}.{n}" if f"{target}.{n}" in known else target for n in names)
                out.append(Import(rel, node.lineno, module, target, names, found, bound, ast.unparse(node)))
    return out


def edges(found: list[Import], known: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the modules it imports (`from pkg import mod` imports pkg.mod)."""
    out: dict[str, set[str]] = {m: set() for m in known}
    for i in found:
        out[i.source].update(i.modules)
    return out


def upward(found: list[Import]) -> list[str]:
    bad = []
    for i in found:
        src = group(i.source)
        for tgt in dict.fromkeys(group(m) for m in i.modules):
            if src != tgt and RANK[tgt] >= RANK[src]:
                way = "sideways" if RANK[tgt] == RANK[src] else "up"
                bad.append(f"{i}: {src} imports {tgt} ({way} a layer; imports run app -> "
                           "exports|queries|loaders -> graph -> exc)")
    return bad


def private(found: list[Import], root: Path) -> list[str]:
    """Private names taken from another module: imported (`from m import _x`) or reached (`m._x`)."""
    known = modules(root)
    bad = [f"{i}: imports the private name {n} from {i.target}" for i in found for n in i.names
           if n.startswith("_") and not n.startswith("__")]
    for module, path in known.items():
        bound = {}  # local name -> the module of ours it stands for (`from x import mod`, `import x as y`)
        for i in (i for i in found if i.source == module):
            if not i.names and i.bound[0]:
                bound[i.bound[0]] = i.target
            for name, local in zip(i.names, i.bound):
                if f"{i.target}.{name}" in known:
                    bound[local] = f"{i.target}.{name}"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                bad.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)} is private to "
                           f"{bound[node.value.id]}")
    return bad


def cycles(found: list[Import], root: Path) -> list[str]:
    """Import cycles between modules (a package importing its own submodules is not one unless they
    import it back), each named by its modules and the imports that close it."""
    known = modules(root)
    graph = edges(found, known)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out = []

    def visit(u: str) -> None:  # Tarjan; the package is small enough for recursion
        index[u] = low[u] = len(index)
        stack.append(u)
        on.add(u)
        for v in sorted(graph[u]):
            if v not in index:
                visit(v)
                low[u] = min(low[u], low[v])
            elif v in on:
                low[u] = min(low[u], index[v])
        if low[u] == index[u]:
            members = []
            while True:
                w = stack.pop()
                on.discard(w)
                members.append(w)
                if w == u:
                    break
            if len(members) > 1 or u in graph[u]:
                inside = set(members)
                how = [str(i) for i in found if i.source in inside and inside & set(i.modules)]
                out.append(f"import cycle between {', '.join(sorted(members))}: " + "; ".join(how))

    for m in sorted(graph):
        if m not in index:
            visit(m)
    return out


def environment(root: Path) -> list[str]:
    """Library modules that read (or change) the environment: settings are the edge's to read."""
    bad = []
    for module, path in modules(root).items():
        if group(module) not in LIBRARY:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT and isinstance(node.value, ast.Name) \
                    and node.value.id == "os":
                bad.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
            elif isinstance(node, ast.ImportFrom) and node.module == "os" \
                    and ENVIRONMENT & {a.name for a in node.names}:
                bad.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
    return [f"{b}: a library module reads the environment; read it in cli.py and pass the value in"
            for b in bad]


# -- the package ------------------------------------------------------------------------------------

def test_every_module_belongs_to_a_known_layer():
    for module in modules(ROOT):
        parts = module.split(".")
        if len(parts) > 1 and (ROOT / parts[1]).is_dir():
            assert parts[1] in RANK, f"{module}: new subpackage {parts[1]}; give it a layer in tests/test_layers.py"


def test_imports_run_down_the_layers():
    found = imports(ROOT)
    assert len(found) > 100  # the walk sees the package's imports
    assert upward(found) == []


def test_no_import_cycle():
    assert cycles(imports(ROOT), ROOT) == []


def test_nothing_private_crosses_a_module():
    assert private(imports(ROOT), ROOT) == []


def test_no_library_module_reads_the_environment():
    assert environment(ROOT) == []


# -- the checks themselves catch what they are for ----------------------------------------------------

def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in ("graph", "queries", "exports", "loaders"):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "__init__.py").touch()
    (tmp_path / "__init__.py").touch()
    (tmp_path / "exc.py").touch()
    return tmp_path


@pytest.mark.parametrize("where, text, says", [
    ("graph/rows.py", "def f():\n    from ..queries import asof\n", "graph/rows.py:2: from ..queries import asof"),
    ("exports/html.py", "from ..queries.listings import format_amount\n", "exports imports queries (sideways"),
    ("queries/p.py", "from dealgraph.exports.jsonfmt import source_dict\n", "queries imports exports (sideways"),
    ("exc.py", "from .graph import model\n", "exc.py:1: from .graph import model: exc imports graph (up"),
    ("graph/x.py", "import dealgraph.cli\n", "graph imports app (up"),
    ("graph/y.py", "from .. import loaders\n", "graph/y.py:1: from .. import loaders: graph imports loaders (up"),
])
def test_an_upward_or_sideways_import_is_named(tmp_path, where, text, says):
    root = tree(tmp_path, {where: text})
    found = upward(imports(root))
    assert len(found) == 1 and says in found[0], found


def test_a_cycle_and_a_private_name_are_named(tmp_path):
    root = tree(tmp_path, {"queries/a.py": "from . import b\n", "queries/b.py": "def f():\n    from .a import x\n",
                           "queries/c.py": "from .b import _hidden\nfrom . import a\nprint(a._inner)\n"})
    found = imports(root)
    assert cycles(found, root) == ["import cycle between dealgraph.queries.a, dealgraph.queries.b: "
                                   "queries/a.py:1: from . import b; queries/b.py:2: from .a import x"]
    assert private(found, root) == ["queries/c.py:1: from .b import _hidden: imports the private name _hidden "
                                    "from dealgraph.queries.b",
                                    "queries/c.py:3: a._inner is private to dealgraph.queries.a"]
    assert upward(found) == []


def test_reading_the_environment_is_named(tmp_path):
    root = tree(tmp_path, {"loaders/files.py": "import os\nLIMIT = os.environ.get('X')\n",
                           "graph/s.py": "from os import getenv\n", "cli.py": "import os\nos.environ['Y']\n"})
    found = environment(root)
    assert [f.split(": a library")[0] for f in found] == ["graph/s.py:1: from os import getenv",
                                                          "loaders/files.py:2: os.environ"]
