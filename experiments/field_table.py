#!/usr/bin/env python3
"""Print the README's table of experiments/field.hcl from its output folder.

Usage: python3 experiments/field_table.py results/field

Per run: the median and interquartile range over repeats of the test loss
(and, for classification, the test accuracy) where the budget stopped the
job, and how the jobs ended, as summary_stats.csv gives them; and the cost
(forward passes over the training data, history.csv's cost) at which a
repeat first reached the data set's target, as the median over the repeats
that reached it and how many did. Standard library only.
"""

import csv
import statistics
import sys
from collections import defaultdict

# The targets: training MSE on diabetes (the notebook's Adam ended at 3203
# on all 442 rows), test accuracy on breast_cancer.
TARGETS = {
    "diabetes": ("train_loss", lambda v: v <= 3000, "train MSE <= 3000"),
    "cancer": ("test_accuracy", lambda v: v >= 0.97, "test accuracy >= 0.97"),
}


STATUSES = ["completed", "converged", "budget", "target", "diverged", "interrupted", "failed"]


def main(folder):
    stats = {r["run"]: r for r in csv.DictReader(open(f"{folder}/summary_stats.csv"))}
    reached = defaultdict(dict)  # run -> repeat -> cost
    for row in csv.DictReader(open(f"{folder}/history.csv")):
        data = row["run"].split("_", 1)[0]
        column, ok, _ = TARGETS[data]
        if row[column] and row["repeat"] not in reached[row["run"]] and ok(float(row[column])):
            reached[row["run"]][row["repeat"]] = float(row["cost"])
    for data, (_, _, label) in TARGETS.items():
        print(f"\n{data}: median [IQR] over repeats; cost to reach {label}\n")
        accuracy = data == "cancer"
        head = "| run | test loss | " + ("test accuracy | " if accuracy else "") + "cost to target (reached) | status |"
        print(head)
        print("|" + "---|" * (head.count("|") - 1))
        for run, st in stats.items():
            if not run.startswith(data + "_"):
                continue
            spread = lambda m, f: f % tuple(float(st[f"{m}_{s}"]) for s in ("median", "q1", "q3"))
            cells = [run.split("_", 1)[1], spread("test_loss", "%.4g [%.4g, %.4g]")]
            if accuracy:
                cells.append(spread("test_accuracy", "%.3f [%.3f, %.3f]"))
            costs = list(reached[run].values())
            cost = "%.0f" % statistics.median(costs) if costs else "-"
            cells.append(f"{cost} ({len(costs)}/{st['jobs']})")
            cells.append(", ".join(f"{st[s]} {s}" for s in STATUSES if st[s] != "0"))
            print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "results/field")
