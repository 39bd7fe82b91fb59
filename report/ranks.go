package report

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/runner"
	nnstats "github.com/nnexp/nnexp/stats"
)

// RankTest is Friedman's test over three or more paired runs on one
// metric (Demšar 2006): each paired start that every run finished is a
// problem, the runs are ranked on it, and the test asks whether their
// average ranks differ more than chance would make them.
type RankTest struct {
	Runs   []string
	Metric string
	// N is the number of problems; AvgRanks the runs' average ranks (1
	// is best: the lowest loss, the highest accuracy).
	N        int
	AvgRanks []float64
	// ChiSq and P are Friedman's statistic and its chi-square p; F and FP
	// Iman and Davenport's F form and its p.
	ChiSq, P, F, FP float64
	// CD is Nemenyi's critical difference at 0.05: runs whose average
	// ranks differ by more perform significantly differently (NaN past
	// ten runs).
	CD float64
}

// RankTests are the Friedman tests of every class of three or more
// mutually paired runs (see PairedComparisons), on the loss (test, else
// train; when the runs share a loss) and for classification the accuracy.
func RankTests(results []runner.Result) []RankTest {
	runs := runsInOrder(results)
	var out []RankTest
	for _, members := range pairedGroups(runs) {
		if len(members) < 3 {
			continue
		}
		c := make([]runJobs, len(members))
		for k, i := range members {
			c[k] = runs[i]
		}
		first := c[0].jobs[0].Run
		split, loss, accuracy := compared(first)
		acc := func(r runner.Result) float64 { return -accuracy(r) } // higher is better
		sameLoss := true
		for _, r := range c[1:] {
			sameLoss = sameLoss && lossKey(r.jobs[0].Run) == lossKey(first)
		}
		if sameLoss {
			out = append(out, rankTest(c, split+"loss", loss))
		}
		if first.Dataset.Train.Task == nn.Classification {
			out = append(out, rankTest(c, split+"accuracy", acc))
		}
	}
	return out
}

// rankTest ranks the runs of c on value (lower is better) over the
// repeats every run finished with a value, a diverged job last
// (outcome).
func rankTest(c []runJobs, metric string, value func(runner.Result) float64) RankTest {
	t := RankTest{Metric: metric}
	for _, r := range c {
		t.Runs = append(t.Runs, r.name)
	}
	var scores [][]float64
	for _, ra := range c[0].jobs {
		row := make([]float64, 0, len(c))
		for _, r := range c {
			v := math.NaN()
			for _, j := range r.jobs {
				if j.Repeat == ra.Repeat && finishedJob(j) {
					// Lower is better here (accuracies come negated), so
					// a diverged job, the worst outcome, is +Inf.
					v = outcome(j, value, false)
				}
			}
			if math.IsNaN(v) {
				break
			}
			row = append(row, v)
		}
		if len(row) == len(c) {
			scores = append(scores, row)
		}
	}
	t.N = len(scores)
	k := len(c)
	if t.N == 0 {
		t.AvgRanks = make([]float64, k)
		for i := range t.AvgRanks {
			t.AvgRanks[i] = math.NaN()
		}
		t.ChiSq, t.P, t.F, t.FP, t.CD = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return t
	}
	t.AvgRanks = nnstats.Ranks(scores)
	t.ChiSq = nnstats.FriedmanChiSqTied(t.AvgRanks, scores)
	t.P = math.NaN()
	if t.N >= 2 {
		// One start's ranks are no sample: its chi-square is fixed by
		// its ties, and p would be a number with no meaning.
		t.P = distuv.ChiSquared{K: float64(k - 1)}.Survival(t.ChiSq)
	}
	t.F = nnstats.ImanDavenport(t.ChiSq, k, t.N)
	t.FP = nnstats.ImanDavenportP(t.F, k, t.N, nnstats.RowOrders(scores[0]))
	t.CD = nnstats.NemenyiCD(k, t.N)
	return t
}

var ranksHeader = []string{"group", "metric", "run", "average_rank", "n", "friedman_chi2", "friedman_p",
	"iman_davenport_f", "iman_davenport_p", "nemenyi_cd"}

// WriteRanksCSV writes RankTests(results), one row per run of each test;
// the test's figures repeat on each of its rows so that a row stands alone.
func WriteRanksCSV(w io.Writer, results []runner.Result) error {
	return writeRanksCSV(w, RankTests(results))
}

// writeRanksCSV writes tests as ranks.csv.
func writeRanksCSV(w io.Writer, tests []RankTest) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ranksHeader); err != nil {
		return wrap(err)
	}
	// A test's group of runs is a number, not the list of its runs: a
	// sweep's group can hold thousands, repeated on each of its rows.
	group, last := 0, ""
	for _, t := range tests {
		if t.Runs[0] != last {
			group++
			last = t.Runs[0]
		}
		for i, r := range t.Runs {
			err := cw.Write([]string{strconv.Itoa(group), t.Metric, r, formatFloat(t.AvgRanks[i]), strconv.Itoa(t.N),
				formatFloat(t.ChiSq), formatFloat(t.P), formatFloat(t.F), formatFloat(t.FP), formatFloat(t.CD)})
			if err != nil {
				return wrap(err)
			}
		}
	}
	cw.Flush()
	return wrap(cw.Error())
}
