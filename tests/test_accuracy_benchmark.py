"""benchmarks/accuracy.py --only: an annotated folder scored through the shared run.sh, printed, not written."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_only_scores_the_folders_given_and_writes_no_results_file(shared, capsys):
    spec = importlib.util.spec_from_file_location("accuracy_bench", ROOT / "benchmarks" / "accuracy.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = ROOT / "benchmarks" / "results" / "accuracy.json"
    before = results.read_bytes()
    bench.main(["--shared", str(shared), "--only", str(ROOT / "tests" / "loaders" / "heldout2")])
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("| heldout2 ("))
    f1 = float(re.search(r"\*\*([\d.]+)\*\*", row).group(1))
    assert f1 >= 0.85, row  # our own held-out articles: the quality floor of test_article_heldout
    assert results.read_bytes() == before
