#!/usr/bin/env python3
"""Print the README's table of experiments/field.hcl from its output folder.

Usage: python3 experiments/field_table.py results/field

Per run: the median and interquartile range over repeats of the test loss
(and, for classification, the test accuracy) where the budget stopped the
job, and how the jobs ended, as summary_stats.csv gives them; and the cost
(forward passes over the training data) at which a repeat first reached
the data set's milestone, as the median over the repeats that reached it
and how many did, as milestone_stats.csv gives them. Standard library only.
"""

import csv
import sys

# Each data set's milestone block in field.hcl, and how the table names it.
MILESTONES = {
    "diabetes": ("diabetes_mse_3000", "train MSE <= 3000"),
    "cancer": ("cancer_accuracy_97", "test accuracy >= 0.97"),
}


STATUSES = ["completed", "converged", "budget", "target", "diverged", "interrupted", "failed"]


def main(folder):
    stats = {r["run"]: r for r in csv.DictReader(open(f"{folder}/summary_stats.csv"))}
    reached = {(r["milestone"], r["run"]): r for r in csv.DictReader(open(f"{folder}/milestone_stats.csv"))}
    for data, (milestone, label) in MILESTONES.items():
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
            m = reached[(milestone, run)]
            cost = "%.0f" % float(m["cost_median"]) if m["cost_median"] else "-"
            cells.append(f"{cost} ({m['reached']}/{st['jobs']})")
            cells.append(", ".join(f"{st[s]} {s}" for s in STATUSES if st[s] != "0"))
            print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "results/field")
