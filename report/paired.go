package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/runner"
	// Named apart: "stats" is a natural name for a helper of this
	// package (the console summary's is called that) and would clash.
	nnstats "github.com/nnexp/nnexp/stats"
)

// MinPairs is the number of non-zero paired differences below which no
// two-sided Wilcoxon p can fall under 0.05 (stats.MinWilcoxonP(5) is
// 0.0625): with fewer, a comparison cannot come out significant at that
// level however large the difference, and paired.csv's note says so.
const MinPairs = 6

var pairedHeader = []string{"a", "b", "metric", "n", "wins", "ties", "losses",
	"median_difference", "wilcoxon_p", "sign_p", "wilcoxon_p_holm", "note"}

// Comparison is one row of paired.csv: run A against run B on one metric,
// over the repeats both finished with a finite value.
type Comparison struct {
	A, B string
	// Metric is test_loss or test_accuracy, or train_loss or
	// train_accuracy when the data has no test split.
	Metric string
	// N is the number of repeats compared; Wins, Ties and Losses count
	// them for A (a lower loss or a higher accuracy wins).
	N, Wins, Ties, Losses int
	// MedianDifference is the median of A − B over the N repeats.
	MedianDifference float64
	// Wilcoxon is the exact two-sided signed-rank test of A − B;
	// SignP the two-sided sign test of Wins against Losses; HolmP is
	// Wilcoxon.P adjusted by Holm's method over every comparison with
	// a p. The three are NaN when N is 0.
	Wilcoxon     nnstats.WilcoxonResult
	SignP, HolmP float64
	// FewPairs says fewer than MinPairs differences are non-zero, so
	// no Wilcoxon p below 0.05 was possible; Note says so in words.
	FewPairs bool
	Note     string
}

// PairedComparisons compares every two runs whose jobs are paired, in
// the order the runs first appear in results (A before B): on the loss
// (test, else train), when both runs train on the same loss, and for
// classification on the accuracy (test, else train).
//
// Two runs are paired when repeat r of each starts from the same
// parameters on the same data: they share the *runner.Dataset (one per
// dataset block, so the same split and standardization), their models
// are equal in what the job hash takes of a model (hidden sizes,
// activation names, initialization ranges), and they have the same seed
// and number of repeats. Results without their run (read back from the
// CSVs) are never paired.
//
// A group of more than MaxAllPairs mutually paired runs (a large sweep)
// compares each of its runs with its first run (in the order of results,
// which is the file's) instead of every two: n−1 comparisons with a
// control rather than n(n−1)/2, which for thousands of runs would be
// millions of rows and, through Holm's adjustment, no power to find
// anything (Demšar 2006, comparisons with a control). Put the baseline
// first.
func PairedComparisons(results []runner.Result) []Comparison {
	runs := runsInOrder(results)
	groups := pairedGroups(runs)
	// place[i] is run i's group and its place in it.
	type place struct{ group, at int }
	where := make([]place, len(runs))
	for g, members := range groups {
		for at, i := range members {
			where[i] = place{g, at}
		}
	}
	var out []Comparison
	for i, a := range runs {
		members := groups[where[i].group]
		later := members[where[i].at+1:]
		if len(members) > MaxAllPairs && where[i].at > 0 {
			later = nil // a large group: only pairs with its first run
		}
		for _, j := range later {
			out = append(out, compareRuns(a, runs[j])...)
		}
	}
	ps := make([]float64, len(out))
	for i, c := range out {
		ps[i] = math.NaN()
		if c.N > 0 {
			ps[i] = c.Wilcoxon.P
		}
	}
	for i, p := range nnstats.Holm(ps) {
		out[i].HolmP = p
	}
	return out
}

// MaxAllPairs is the most runs of one group of mutually paired runs that
// paired.csv compares two by two; a larger group is compared with its
// first run (see PairedComparisons).
const MaxAllPairs = 50

// pairedGroups partitions runs (by index, each group in order, groups in
// the order of their first run) into groups of mutually paired runs:
// being paired is an equivalence, so a key of what it compares places
// each run in one pass, where comparing every two runs would take
// quadratic time on a sweep of thousands. A run that can pair with none
// (read back from the CSVs, or without training data) is alone.
func pairedGroups(runs []runJobs) [][]int {
	var groups [][]int
	index := map[string]int{}
	for i, r := range runs {
		key, ok := pairKey(r.jobs[0].Run)
		g, seen := index[key]
		if !ok || !seen {
			g = len(groups)
			groups = append(groups, nil)
			if ok {
				index[key] = g
			}
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}

// pairKey is what paired compares of s, as text: two specs are paired
// exactly when both have a key and the keys are equal. ok is false for a
// spec that pairs with nothing.
func pairKey(s *runner.Spec) (key string, ok bool) {
	if s == nil || s.Dataset == nil || s.Dataset.Train == nil {
		return "", false
	}
	return PairKey(fmt.Sprintf("%p", s.Dataset), s.Seed, s.Repeats, s.Model), true
}

// PairingRule says when runs are paired (PairKey's rule), for the page
// and the console to say it in the same words.
const PairingRule = "runs pair when they use the same dataset block, equal models (hidden sizes, activations, initialization ranges), the same seed and the same number of repeats"

// PairKey is the pairing rule's key of a run on the data set named
// dataset (a name that no other data set of the experiment has), whose
// repeats start from seed, with model m: runs are paired exactly when
// their keys are equal. nnexp plot gives it to results read back from the
// CSVs (runner.Result.PairKey), which have no spec to compare.
func PairKey(dataset string, seed uint64, repeats int, m *runner.Model) string {
	model := "nil"
	if m != nil {
		model = fmt.Sprintf("%v %q %s %s", m.Hidden, m.ActivationNames, rangeKey(m.InitWeights), rangeKey(m.InitBiases))
	}
	return fmt.Sprintf("%q %d %d %s", dataset, seed, repeats, model)
}

// pairKeyOf is r's pairing key: its spec's, else the one read back with
// it; ok is false when it pairs with nothing or nothing says.
func pairKeyOf(r runner.Result) (key string, ok bool) {
	if r.Run != nil {
		return pairKey(r.Run)
	}
	return r.PairKey, r.PairKey != ""
}

// rangeKey is r as text, equal exactly when sameRange is (-0 is 0).
func rangeKey(r *nn.Range) string {
	if r == nil {
		return "nil"
	}
	return fmt.Sprintf("[%v %v]", r.Lo+0, r.Hi+0)
}

// compared is the split whose metrics paired.csv and ranks.csv compare
// for runs of spec's data set, the held-out rows when there are some,
// with the loss and the accuracy of a result on it.
func compared(spec *runner.Spec) (split string, loss, acc func(runner.Result) float64) {
	if spec.Dataset.Test == nil {
		return "train_", func(r runner.Result) float64 { return r.TrainLoss },
			func(r runner.Result) float64 { return r.TrainAccuracy }
	}
	return "test_", func(r runner.Result) float64 { return r.TestLoss },
		func(r runner.Result) float64 { return r.TestAccuracy }
}

// compareRuns is the rows of a against b, none when they are not paired.
func compareRuns(a, b runJobs) []Comparison {
	sa, sb := a.jobs[0].Run, b.jobs[0].Run
	if !paired(sa, sb) {
		return nil
	}
	split, loss, acc := compared(sa)
	var out []Comparison
	// Losses of different functions are not one scale: mse against
	// mae says nothing about which run trained better.
	if lossKey(sa) == lossKey(sb) {
		out = append(out, compare(a, b, split+"loss", loss, false))
	}
	if sa.Dataset.Train.Task == nn.Classification {
		out = append(out, compare(a, b, split+"accuracy", acc, true))
	}
	return out
}

// paired is the rule of PairedComparisons.
func paired(a, b *runner.Spec) bool {
	if a == nil || b == nil || a.Dataset == nil || a.Dataset != b.Dataset || a.Dataset.Train == nil {
		return false
	}
	return a.Seed == b.Seed && a.Repeats == b.Repeats && sameModel(a.Model, b.Model)
}

// sameModel says whether two models draw the same initial parameters
// from the same seed: what runner's job hash takes of a model.
func sameModel(a, b *runner.Model) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.Equal(a.Hidden, b.Hidden) && slices.Equal(a.ActivationNames, b.ActivationNames) &&
		sameRange(a.InitWeights, b.InitWeights) && sameRange(a.InitBiases, b.InitBiases)
}

func sameRange(a, b *nn.Range) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// lossKey identifies a loss function with its settings, as the job hash
// does.
func lossKey(s *runner.Spec) string { return fmt.Sprintf("%T%+v", s.Loss, s.Loss) }

// outcome is a finished job's value of a metric for a comparison: a
// diverged job (its loss not finite, its accuracy none) is the worst
// outcome, +Inf for a loss and −Inf for an accuracy, so that a run that
// diverges on some starts loses those pairs rather than being compared
// only on the starts where it held, which would flatter an unstable run.
func outcome(r runner.Result, value func(runner.Result) float64, higherWins bool) float64 {
	switch {
	case r.Status != runner.StatusDiverged:
		return value(r)
	case higherWins:
		return math.Inf(-1)
	}
	return math.Inf(1)
}

// compare is one row: A − B over the repeats both runs finished with a
// value of metric (outcome), two diverged jobs a tie.
func compare(a, b runJobs, metric string, value func(runner.Result) float64, higherWins bool) Comparison {
	c := Comparison{A: a.name, B: b.name, Metric: metric}
	byRepeat := map[int]runner.Result{}
	for _, r := range b.jobs {
		byRepeat[r.Repeat] = r
	}
	var d []float64
	for _, ra := range a.jobs { // in a's order, so d is the same on every run
		rb, ok := byRepeat[ra.Repeat]
		if !ok || ra.Seed != rb.Seed || !finishedJob(ra) || !finishedJob(rb) {
			continue
		}
		va, vb := outcome(ra, value, higherWins), outcome(rb, value, higherWins)
		if math.IsNaN(va) || math.IsNaN(vb) {
			continue
		}
		diff := va - vb
		if math.IsInf(va, 0) && va == vb {
			diff = 0 // both diverged: a tie
		}
		d = append(d, diff)
		better := diff < 0
		if higherWins {
			better = diff > 0
		}
		switch {
		case diff == 0:
			c.Ties++
		case better:
			c.Wins++
		default:
			c.Losses++
		}
	}
	c.N = len(d)
	if c.N == 0 {
		c.MedianDifference, c.SignP, c.HolmP = math.NaN(), math.NaN(), math.NaN()
		c.Wilcoxon.P = math.NaN()
		c.Note = "no repeat finished in both runs with a finite value"
		return c
	}
	c.MedianDifference = nnstats.Median(d)
	c.Wilcoxon = nnstats.Wilcoxon(d)
	c.SignP = nnstats.SignTest(c.Wins, c.Losses)
	if c.Wilcoxon.N < MinPairs {
		c.FewPairs = true
		c.Note = fmt.Sprintf("fewer than %d non-zero differences (%d): the smallest attainable two-sided Wilcoxon p is %s > 0.05",
			MinPairs, c.Wilcoxon.N, formatFloat(nnstats.MinWilcoxonP(c.Wilcoxon.N)))
	}
	return c
}

// WritePairedCSV writes PairedComparisons(results), one row each; a
// value that does not exist is an empty cell.
func WritePairedCSV(w io.Writer, results []runner.Result) error {
	return writePairedCSV(w, PairedComparisons(results))
}

// writePairedCSV writes comparisons as paired.csv.
func writePairedCSV(w io.Writer, comparisons []Comparison) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(pairedHeader); err != nil {
		return wrap(err)
	}
	for _, c := range comparisons {
		err := cw.Write([]string{
			c.A, c.B, c.Metric, strconv.Itoa(c.N),
			strconv.Itoa(c.Wins), strconv.Itoa(c.Ties), strconv.Itoa(c.Losses),
			formatFloat(c.MedianDifference), formatFloat(c.Wilcoxon.P), formatFloat(c.SignP),
			formatFloat(c.HolmP), c.Note,
		})
		if err != nil {
			return wrap(err)
		}
	}
	cw.Flush()
	return wrap(cw.Error())
}
