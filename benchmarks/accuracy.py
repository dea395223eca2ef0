"""How well extraction reads news: the shared scorer over every annotated corpus, as a user runs it.

    .venv/bin/python benchmarks/accuracy.py [--shared ../shared]

For each corpus, `../shared/eval/run.sh TEXTS GOLD` ingests every document into an empty store with
`dealgraph ingest`, exports it with `dealgraph export --format json` and scores the exports with
`score.py`: relation precision, recall and F1, date accuracy, event F1, entity recall and provenance.
Corpora: dev2 (40 third-party articles; the meter for unseen news), its odd and even halves (the
tune-on-one, check-on-the-other split), dev2 with the built-in catalogue off (DEALGRAPH_CATALOGUE=0),
dev and the seeds (third-party, in ../shared), and the held-out texts in tests/loaders (our own words).
Writes benchmarks/results/accuracy.json and accuracy.md; the README's accuracy table is read from them
(tests/test_docs.py checks they agree). `--only DIR ...` scores other annotated folders (texts/ and
gold/, e.g. a batch of articles nobody has tuned on) and only prints the table: score a batch once,
before writing anything from it, for the honest figure.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results")
FIELDS = ("relation_precision", "relation_recall", "relation_f1", "relation_date_accuracy", "event_f1",
          "entity_recall", "provenance_valid")


def corpora(shared: Path) -> list[tuple[str, str, Path, Path, dict]]:
    """(name, what it is, texts, gold, extra environment)."""
    dev2 = shared / "corpus" / "dev2"
    held = ROOT / "tests" / "loaders"
    return [
        ("dev2", "40 third-party articles (wire, trade press, blogs), 354 relations", dev2 / "texts", dev2 / "gold", {}),
        ("dev2 odd", "its odd-numbered half", dev2 / "texts", dev2 / "gold", {"half": 1}),
        ("dev2 even", "its even-numbered half", dev2 / "texts", dev2 / "gold", {"half": 0}),
        ("dev2, no catalogue", "dev2 with DEALGRAPH_CATALOGUE=0", dev2 / "texts", dev2 / "gold",
         {"DEALGRAPH_CATALOGUE": "0"}),
        ("dev", "14 third-party articles, tuned on", shared / "corpus" / "dev" / "texts", shared / "corpus" / "dev" / "gold", {}),
        ("seeds", "the 5 seed articles, tuned on", shared / "corpus" / "seeds", shared / "corpus" / "gold", {}),
        ("heldout", "16 articles in our own words", held / "heldout" / "texts", held / "heldout" / "gold", {}),
        ("heldout2", "12 more in our own words", held / "heldout2" / "texts", held / "heldout2" / "gold", {}),
    ]


def score(texts: Path, gold: Path, extra: dict, shared: Path) -> dict:
    """One run.sh over a corpus (or half of it: gold files whose number is odd/even), parsed."""
    env = {**os.environ, "DEALGRAPH": f"{shlex.quote(sys.executable)} -m dealgraph", "PYTHON": sys.executable}
    env.update({k: v for k, v in extra.items() if k != "half"})
    with tempfile.TemporaryDirectory() as tmp:
        if "half" in extra:
            subset = Path(tmp) / "gold"
            subset.mkdir()
            for g in sorted(gold.glob("*.yaml")):
                if int(g.name.split("_")[0]) % 2 == extra["half"]:
                    (subset / g.name).symlink_to(g)
            gold = subset
        run = subprocess.run(["bash", str(shared / "eval" / "run.sh"), str(texts), str(gold), str(Path(tmp) / "out"),
                              "--quiet"], env=env, capture_output=True, text=True, cwd=ROOT)
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    values = dict(re.findall(r"(\w+)=([\w.]+)", last))
    if run.returncode or "relation_f1" not in values:
        raise SystemExit(f"run.sh failed on {texts}: {run.stderr.strip()[-500:] or last}")
    return {"documents": int(values["documents"]), **{f: float(values[f]) for f in FIELDS}}


def table(rows: list[dict]) -> str:
    lines = ["| corpus | documents | relation P | relation R | relation F1 | dates | events F1 | entity recall |"
             " provenance |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['corpus']} ({r['what']}) | {r['documents']} | {r['relation_precision']:.3f} | "
                     f"{r['relation_recall']:.3f} | **{r['relation_f1']:.3f}** | {r['relation_date_accuracy']:.3f} | "
                     f"{r['event_f1']:.3f} | {r['entity_recall']:.3f} | {r['provenance_valid']:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared corpus and scorer")
    ap.add_argument("--only", metavar="DIR", type=Path, nargs="+",
                    help="score these annotated folders (each with texts/ and gold/) instead, printed and not "
                         "written: articles nobody tuned on, kept outside the repository")
    args = ap.parse_args(argv)
    if not (args.shared / "eval" / "run.sh").is_file():
        raise SystemExit(f"no scorer at {args.shared}/eval/run.sh: pass --shared DIR")
    if args.only:
        rows = [{"corpus": d.name, "what": str(d), **score(d / "texts", d / "gold", {}, args.shared)} for d in args.only]
        print(table(rows))
        return
    rows = []
    for name, what, texts, gold, extra in corpora(args.shared):
        rows.append({"corpus": name, "what": what, **score(texts, gold, extra, args.shared)})
        print(f"{name}: relation F1 {rows[-1]['relation_f1']:.3f}", file=sys.stderr)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "accuracy.json").write_text(json.dumps({"commit": commit, "python": platform.python_version(),
                                                      "rows": rows}, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "accuracy.md").write_text(
        f"Scored with ../shared/eval/run.sh (ingest, export, score.py) at commit {commit}.\n\n" + table(rows) + "\n",
        encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
