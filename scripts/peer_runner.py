#!/usr/bin/env python3
"""The peer's side of scripts/peer_compare.py: scores a Bidmark evaluation file with the
`bid-evaluation` library from PyPI (imported as bid_evaluation) and writes each bid's
total as JSON.

    .venv-peer/bin/python scripts/peer_runner.py EVALUATION.json TOTALS.json

Everything from the evaluation file to the totals is done here, so that a timing of this
process is end to end, as a timing of `bidmark score --json` is: starting Python and
importing pandas and the library, reading and parsing the JSON, the moderation step (the
mean of the evaluators' scores per bid and criterion, in pandas), building the DataFrame
the library takes (one row per bid, one column per criterion), the library's weighted sum
and ranking, and writing the totals.

How Bidmark's sum is put into the library's terms (docs/format.md, "Scoring"):

- Bidmark gives a scored leaf `(moderated - scale.min) / (scale.max - scale.min) * W`
  points, W being its effective weight (the product of weight/100 down its path, times
  100). The library's DirectScoreCriterion turns a value into
  `value * (100 / input_scale) * weight`, a 0-100 score times the weight. With the column
  holding `moderated - scale.min` and input_scale = `scale.max - scale.min`, the 0-100
  score is Bidmark's fraction of the points, times 100.
- Bidmark's lowest_over_bid price gives `lowest / price * W`; the library's
  MinimumRatioCriterion gives `(min / value) * 100 * weight`, the same fraction times
  100. The library's minimum is over every row, Bidmark's over the bids not excluded:
  the same here, since only evaluations that exclude no bid are accepted (no thresholds,
  no minimum scores, no pass/fail criteria).
- The weights handed to the library are Bidmark's effective weights, and the library
  normalises them (Evaluator(normalize_weights=True) divides the weighted sum by the sum
  of the weights). Bidmark's effective weights add up to 100, so the library's final
  score, a weighted mean of 0-100 scores, is Bidmark's total out of 100 without any
  further scaling.

The totals are written unrounded (Python floats, written so that they read back exactly);
peer_compare.py rounds them to two places, half away from zero, as Bidmark rounds its
exact decimal totals. Anything this mapping cannot express faithfully (other moderation
methods, other price methods, consensus scores, pass/fail checks, thresholds, a file with
missing scores) is refused with exit status 2 rather than scored differently.
"""

import json
import sys
import time

T_START = time.perf_counter()

import pandas as pd  # noqa: E402
import numpy as np  # noqa: E402
import bid_evaluation  # noqa: E402
from bid_evaluation import Evaluator  # noqa: E402

T_IMPORTED = time.perf_counter()


class Unsupported(Exception):
    pass


def leaves(criteria, scale, parent=100.0):
    """Yields (criterion, effective weight, scale) for every weighted leaf, in file order.
    A scale on a group applies to the scored criteria below it."""
    for c in criteria:
        kind = c.get("kind")
        if kind == "pass_fail":
            raise Unsupported(f"pass/fail criterion {c['id']}: the peer has no exclusions")
        eff = parent * float(c.get("weight", "0")) / 100.0
        if kind == "group":
            yield from leaves(c.get("children") or [], c.get("scale") or scale, eff)
        else:
            yield c, eff, c.get("scale") or scale


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    source, target = argv[1], argv[2]

    # Reading and parsing the file.
    with open(source, "rb") as f:
        raw = f.read()
    evaluation = json.loads(raw)
    t_parsed = time.perf_counter()

    moderation = (evaluation.get("moderation") or {}).get("method", "mean")
    if moderation != "mean":
        raise Unsupported(f"moderation {moderation!r}: only 'mean' is mapped")
    if evaluation.get("consensus"):
        raise Unsupported("consensus scores are recorded: only the plain mean is mapped")
    if evaluation.get("quality_threshold") is not None:
        raise Unsupported("a quality threshold: the peer has no exclusions")
    default_scale = evaluation.get("scale") or {"min": "0", "max": "3"}

    scored, price = [], None
    for c, eff, scale in leaves(evaluation["criteria"], default_scale):
        if c["kind"] == "scored":
            if c.get("min_score") is not None:
                raise Unsupported(f"a minimum score on {c['id']}: the peer has no exclusions")
            scored.append((c["id"], eff, float(scale["min"]), float(scale["max"])))
        elif c["kind"] == "price":
            if c.get("method") != "lowest_over_bid":
                raise Unsupported(f"price method {c.get('method')!r}: only lowest_over_bid is mapped")
            price = (c["id"], eff)
        else:
            raise Unsupported(f"criterion kind {c['kind']!r}")

    bid_ids = [b["id"] for b in evaluation["bids"]]

    # Moderation: the mean of the evaluators' scores for every bid and criterion, in
    # pandas, giving one row per bid and one column per scored criterion.
    scores = pd.DataFrame.from_records(
        evaluation["scores"], columns=["bid", "criterion", "score"]
    )
    scores["score"] = scores["score"].astype(np.float64)
    means = (
        scores.groupby(["bid", "criterion"], sort=False)["score"]
        .mean()
        .unstack("criterion")
    )
    columns = [cid for cid, _, _, _ in scored]
    frame = means.reindex(index=bid_ids, columns=columns)
    missing = int(frame.isna().sum().sum())
    if missing:
        raise Unsupported(f"{missing} bid and criterion cells have no score")
    for cid, _, lo, _ in scored:
        if lo != 0.0:
            frame[cid] = frame[cid] - lo
    if price is not None:
        frame[price[0]] = pd.Series(
            [float(b["price"]) for b in evaluation["bids"]], index=bid_ids, dtype=np.float64
        )
    t_frame = time.perf_counter()

    # The library's weighted sum.
    evaluator = Evaluator(normalize_weights=True)
    for cid, eff, lo, hi in scored:
        evaluator.direct(cid, eff, input_scale=hi - lo)
    if price is not None:
        evaluator.min_ratio(price[0], price[1])
    result = evaluator.evaluate(frame, include_details=False)
    t_scored = time.perf_counter()

    totals = result["final_score"].reindex(bid_ids).tolist()
    ranks = result["ranking"].reindex(bid_ids).tolist()
    out = {
        "tool": "bid-evaluation",
        "version": bid_evaluation.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "weights": {name: w for name, w in evaluator.get_normalized_weights().items()},
        "totals": dict(zip(bid_ids, map(float, totals))),
        "ranks": dict(zip(bid_ids, map(int, ranks))),
    }
    with open(target, "w") as f:
        json.dump(out, f)
    t_written = time.perf_counter()

    # Stage timings (seconds) on standard error, for the comparison's notes.
    print(
        json.dumps(
            {
                "imports": T_IMPORTED - T_START,
                "read_parse": t_parsed - T_IMPORTED,
                "mean_and_frame": t_frame - t_parsed,
                "library_evaluate": t_scored - t_frame,
                "write": t_written - t_scored,
            }
        ),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Unsupported as e:
        print(f"peer_runner: cannot map this evaluation onto bid-evaluation: {e}", file=sys.stderr)
        sys.exit(2)
