package report

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"testing"

	nnlosses "github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/runner"
)

// pairedFixture is four runs of six repeats on one classification data
// set with a test split, seed 1: a, b and c have equal models (each its
// own *runner.Model, as package plan builds them) and are paired; d has
// another hidden layer and is paired with none. Repeat 3 of c was
// interrupted. Losses and accuracies are per repeat.
func pairedFixture() []runner.Result {
	data := &runner.Dataset{Train: &nn.Data{Task: nn.Classification}, Test: &nn.Data{Task: nn.Classification}}
	spec := func(name string, hidden int) *runner.Spec {
		return &runner.Spec{Name: name, Dataset: data, Seed: 1, Repeats: 6, LossName: "cross_entropy", Loss: nnlosses.CrossEntropy{},
			Model: &runner.Model{Hidden: []int{hidden}, ActivationNames: []string{"relu"}}}
	}
	var results []runner.Result
	add := func(s *runner.Spec, loss, acc []float64) {
		for r := range s.Repeats {
			res := runner.Result{
				Job:       runner.Job{Index: len(results), Run: s, RunName: s.Name, Repeat: r, Seed: runner.JobSeed(s.Seed, r)},
				TrainLoss: loss[r] / 2, TestLoss: loss[r], TrainAccuracy: acc[r], TestAccuracy: acc[r],
				Evaluations: 10, Elapsed: 1, Status: runner.StatusCompleted,
			}
			if math.IsNaN(loss[r]) {
				res.Status = runner.StatusInterrupted
			}
			results = append(results, res)
		}
	}
	add(spec("a", 3), []float64{1, 2, 3, 4, 5, 6}, []float64{0.75, 0.75, 0.75, 0.75, 0.75, 0.75})
	add(spec("b", 3), []float64{2, 3, 4, 5, 6, 7.5}, []float64{0.75, 0.75, 0.5, 0.75, 1, 0.75})
	add(spec("c", 3), []float64{1.5, 2.5, 2, nan, 5, 5}, []float64{0.75, 0.75, 0.75, nan, 0.75, 0.75})
	add(spec("d", 4), []float64{9, 9, 9, 9, 9, 9}, []float64{0.25, 0.25, 0.25, 0.25, 0.25, 0.25})
	return results
}

// TestPairedCSV checks paired.csv cell by cell against values worked out
// by hand (stats' own tests check the tests themselves).
//
//   - a−b test loss: −1 −1 −1 −1 −1 −1.5, a wins all 6, median −1; all
//     of one sign: Wilcoxon p = 2/2^6 = 0.03125, sign p the same.
//   - a−b accuracy: 0 0 0.25 0 −0.25 0: one win, four ties, one loss,
//     median 0; the two non-zero differences tie (ranks 1.5, 1.5), so
//     T+ = 1.5 is the centre and p = 1; sign test 1 against 1: p = 1.
//   - a−c test loss, repeat 3 left out (interrupted): −0.5 −0.5 1 0 1;
//     wins 2, ties 1, losses 2, median 0; non-zero |d| 0.5 0.5 1 1 rank
//     1.5 1.5 3.5 3.5, T+ = 7, μ = 5; doubled, the 16 subset sums of
//     {3, 3, 7, 7} are 0 3 3 6 7 7 10 10 10 10 13 13 14 17 17 20, of
//     which 8 are at least 4 from 10: p = 0.5. Sign test 2:2, p = 1.
//   - a−c accuracy: five ties, p 1 and 1.
//   - b−c test loss: 0.5 0.5 2 1 2.5, b loses all 5, median 1, p =
//     2/2^5 = 0.0625 for both tests.
//   - b−c accuracy: 0 0 −0.25 0.25 0: 1 win, 3 ties, 1 loss, p 1 and 1.
//   - d is paired with none: another model.
//
// Holm over the six p (0.03125, 1, 0.5, 1, 0.0625, 1): sorted, 6·0.03125
// = 0.1875, 5·0.0625 = 0.3125, 4·0.5 = 2 → 1, and 1 for the rest. Every
// row but the first has fewer than 6 non-zero differences, and its note
// gives the smallest p attainable, 2/2^k capped at 1.
func TestPairedCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WritePairedCSV(&b, pairedFixture()); err != nil {
		t.Fatal(err)
	}
	note := func(k int, floor string) string {
		return "fewer than 6 non-zero differences (" + strconv.Itoa(k) + "): the smallest attainable two-sided Wilcoxon p is " + floor + " > 0.05"
	}
	want := "a,b,metric,n,wins,ties,losses,median_difference,wilcoxon_p,sign_p,wilcoxon_p_holm,note\n" +
		"a,b,test_loss,6,6,0,0,-1,0.03125,0.03125,0.1875,\n" +
		"a,b,test_accuracy,6,1,4,1,0,1,1,1," + note(2, "0.5") + "\n" +
		"a,c,test_loss,5,2,1,2,0,0.5,1,1," + note(4, "0.125") + "\n" +
		"a,c,test_accuracy,5,0,5,0,0,1,1,1," + note(0, "1") + "\n" +
		"b,c,test_loss,5,0,0,5,1,0.0625,0.0625,0.3125," + note(5, "0.0625") + "\n" +
		"b,c,test_accuracy,5,1,3,1,0,1,1,1," + note(2, "0.5") + "\n"
	if got := b.String(); got != want {
		t.Errorf("paired.csv:\n%s\nwant:\n%s", got, want)
	}
}

// TestPairedRule: runs on other data, another seed or loss are not
// compared (or, for the loss alone, only on accuracy); without a test
// split the training metrics are; results read back from the CSVs,
// which lack their runs, are never paired.
func TestPairedRule(t *testing.T) {
	data := &runner.Dataset{Train: &nn.Data{Task: nn.Classification}}
	base := func(name string) *runner.Spec {
		return &runner.Spec{Name: name, Dataset: data, Seed: 1, Repeats: 2, Loss: nnlosses.CrossEntropy{},
			Model: &runner.Model{Hidden: []int{2}, ActivationNames: []string{"tanh"}, InitWeights: &nn.Range{Lo: -1, Hi: 1}}}
	}
	results := func(specs ...*runner.Spec) []runner.Result {
		var out []runner.Result
		for _, s := range specs {
			for r := range s.Repeats {
				out = append(out, runner.Result{Job: runner.Job{Run: s, RunName: s.Name, Repeat: r, Seed: runner.JobSeed(s.Seed, r)},
					TrainLoss: float64(r + len(s.Name)), TestLoss: nan, TrainAccuracy: 0.5, TestAccuracy: nan, Status: runner.StatusCompleted})
			}
		}
		return out
	}
	metricsOf := func(rs []runner.Result) []string {
		var m []string
		for _, c := range PairedComparisons(rs) {
			m = append(m, c.A+"-"+c.B+":"+c.Metric)
		}
		return m
	}
	other := base("other")
	other.Dataset = &runner.Dataset{Train: data.Train}
	seed := base("seed")
	seed.Seed = 2
	init := base("init")
	init.Model.InitWeights = &nn.Range{Lo: -2, Hi: 2}
	zeroOne := base("zero_one")
	zeroOne.Loss = nnlosses.ZeroOne{}
	got := metricsOf(results(base("x"), other, seed, init, zeroOne, base("y")))
	want := []string{"x-zero_one:train_accuracy", "x-y:train_loss", "x-y:train_accuracy", "zero_one-y:train_accuracy"}
	if len(got) != len(want) {
		t.Fatalf("comparisons %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("comparisons %q, want %q", got, want)
		}
	}

	read := results(base("x"), base("y"))
	for i := range read {
		read[i].Run = nil
	}
	if got := PairedComparisons(read); len(got) != 0 {
		t.Errorf("results without their runs were paired: %+v", got)
	}
}

// A diverged job is the worst outcome, not a missing one. Run b beats a
// by 1 on four starts and diverges on two; both diverge on a seventh.
// Leaving the diverged starts out would show b better on all four (p =
// 2/16); counted as losses, a−b is 1 1 1 1 −Inf −Inf 0: a wins 2, ties
// 1, loses 4; the non-zero |d| rank 2.5 (four times) and 5.5 (twice),
// doubled 5 and 11, T+ = 20 against a centre of 21, and of the 64 sign
// patterns only the 12 that sum to 21 (two 5s and one 11) are nearer
// the centre: p = 52/64. Sign test 2 against 4: p = 44/64.
func TestPairedDivergedJobLoses(t *testing.T) {
	data := &runner.Dataset{Train: &nn.Data{Task: nn.Regression}}
	spec := func(name string) *runner.Spec {
		return &runner.Spec{Name: name, Dataset: data, Seed: 1, Repeats: 7, LossName: "mse", Loss: nnlosses.MSE{},
			Model: &runner.Model{Hidden: []int{3}, ActivationNames: []string{"relu"}}}
	}
	inf := math.Inf(1)
	var results []runner.Result
	for _, run := range []struct {
		name string
		loss []float64
	}{{"a", []float64{2, 2, 2, 2, 2, 2, inf}}, {"b", []float64{1, 1, 1, 1, inf, inf, inf}}} {
		s := spec(run.name)
		for r, l := range run.loss {
			res := runner.Result{
				Job:       runner.Job{Index: len(results), Run: s, RunName: s.Name, Repeat: r, Seed: runner.JobSeed(s.Seed, r)},
				TrainLoss: l, TestLoss: nan, TrainAccuracy: nan, TestAccuracy: nan, Status: runner.StatusCompleted,
			}
			if math.IsInf(l, 1) {
				res.Status, res.TrainLoss = runner.StatusDiverged, nan
			}
			results = append(results, res)
		}
	}
	cs := PairedComparisons(results)
	if len(cs) != 1 {
		t.Fatalf("comparisons %+v", cs)
	}
	c := cs[0]
	if c.N != 7 || c.Wins != 2 || c.Ties != 1 || c.Losses != 4 || c.MedianDifference != 1 {
		t.Errorf("n %d, wins %d, ties %d, losses %d, median %v; want 7, 2, 1, 4, 1", c.N, c.Wins, c.Ties, c.Losses, c.MedianDifference)
	}
	if c.Wilcoxon.P != 52.0/64 || c.SignP != 44.0/64 {
		t.Errorf("Wilcoxon p %v, sign p %v; want 52/64 and 44/64", c.Wilcoxon.P, c.SignP)
	}
}

// TestPairKeyIsPaired: pairedGroups places runs by a key; two specs have
// equal keys exactly when paired says they are paired, over specs that
// differ in each thing paired compares (-0 and 0 are one bound).
func TestPairKeyIsPaired(t *testing.T) {
	d1 := &runner.Dataset{Train: &nn.Data{}}
	d2 := &runner.Dataset{Train: &nn.Data{}}
	model := func(hidden int, act string, w *nn.Range) *runner.Model {
		return &runner.Model{Hidden: []int{hidden}, ActivationNames: []string{act}, InitWeights: w}
	}
	specs := []*runner.Spec{
		nil,
		{Dataset: &runner.Dataset{}},
		{Dataset: d1, Seed: 1, Repeats: 3},
		{Dataset: d1, Seed: 1, Repeats: 3, Model: model(3, "relu", nil)},
		{Dataset: d1, Seed: 1, Repeats: 3, Model: model(3, "relu", nil)},
		{Dataset: d2, Seed: 1, Repeats: 3, Model: model(3, "relu", nil)},
		{Dataset: d1, Seed: 2, Repeats: 3, Model: model(3, "relu", nil)},
		{Dataset: d1, Seed: 1, Repeats: 4, Model: model(3, "relu", nil)},
		{Dataset: d1, Seed: 1, Repeats: 3, Model: model(4, "relu", nil)},
		{Dataset: d1, Seed: 1, Repeats: 3, Model: model(3, "tanh", nil)},
		{Dataset: d1, Seed: 1, Repeats: 3, Model: model(3, "relu", &nn.Range{Lo: math.Copysign(0, -1), Hi: 1})},
		{Dataset: d1, Seed: 1, Repeats: 3, Model: model(3, "relu", &nn.Range{Lo: 0, Hi: 1})},
		{Dataset: d1, Seed: 1, Repeats: 3, Model: model(3, "relu", &nn.Range{Lo: 0, Hi: 2})},
	}
	for i, a := range specs {
		for j, b := range specs {
			ka, oka := pairKey(a)
			kb, okb := pairKey(b)
			if got, want := oka && okb && ka == kb, paired(a, b); got != want {
				t.Errorf("specs %d and %d: equal keys %v, paired %v (%q, %q)", i, j, got, want, ka, kb)
			}
		}
	}
}

// TestPairedCSVLargeGroup: a group of up to MaxAllPairs paired runs is
// compared two by two; a larger one with its first run only.
func TestPairedCSVLargeGroup(t *testing.T) {
	data := &runner.Dataset{Train: &nn.Data{Task: nn.Regression}}
	group := func(runs int) []runner.Result {
		var results []runner.Result
		for k := range runs {
			s := &runner.Spec{Name: fmt.Sprintf("r%d", k), Dataset: data, Seed: 1, Repeats: 2, Loss: nnlosses.MSE{}}
			for rep := range 2 {
				results = append(results, runner.Result{Job: runner.Job{Run: s, RunName: s.Name, Repeat: rep, Seed: runner.JobSeed(1, rep)},
					Status: runner.StatusCompleted, TrainLoss: float64(k + rep)})
			}
		}
		return results
	}
	if got := PairedComparisons(group(MaxAllPairs)); len(got) != MaxAllPairs*(MaxAllPairs-1)/2 {
		t.Errorf("%d runs: %d comparisons, want every pair", MaxAllPairs, len(got))
	}
	got := PairedComparisons(group(MaxAllPairs + 2))
	if len(got) != MaxAllPairs+1 {
		t.Fatalf("%d runs: %d comparisons, want %d (each with the first)", MaxAllPairs+2, len(got), MaxAllPairs+1)
	}
	for k, c := range got {
		if c.A != "r0" || c.B != fmt.Sprintf("r%d", k+1) {
			t.Errorf("comparison %d is %s vs %s, want r0 vs r%d", k, c.A, c.B, k+1)
		}
	}
}

// paired.csv read back keeps which comparisons had too few non-zero
// differences for a Wilcoxon p below 0.05 and which had no pair at all
// (N = 0: no statistics, and not "too few"), as compare set them.
func TestPairedCSVReadBackKeepsFewPairs(t *testing.T) {
	a := runJobs{name: "a"}
	b := runJobs{name: "b"}
	c := runJobs{name: "c"}
	for r, v := range []float64{1, 2, 3} {
		job := func(seed uint64, loss float64) runner.Result {
			return runner.Result{Job: runner.Job{Repeat: r, Seed: seed}, Status: runner.StatusCompleted, TrainLoss: loss}
		}
		a.jobs = append(a.jobs, job(uint64(r), v))
		b.jobs = append(b.jobs, job(uint64(r), v+1))
		c.jobs = append(c.jobs, job(uint64(r)+10, v)) // other starts: no pair
	}
	loss := func(r runner.Result) float64 { return r.TrainLoss }
	live := []Comparison{compare(a, b, "train_loss", loss, false), compare(a, c, "train_loss", loss, false)}
	if !live[0].FewPairs || live[0].N != 3 || live[1].FewPairs || live[1].N != 0 {
		t.Fatalf("compare: a-b few %v of %d, a-c few %v of %d; want 3 pairs too few, and none", live[0].FewPairs, live[0].N, live[1].FewPairs, live[1].N)
	}
	var buf bytes.Buffer
	if err := writePairedCSV(&buf, live); err != nil {
		t.Fatal(err)
	}
	read, err := readPairedCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for k := range live {
		if read[k].FewPairs != live[k].FewPairs || read[k].N != live[k].N {
			t.Errorf("%s-%s read back: few %v of %d; written few %v of %d", read[k].A, read[k].B, read[k].FewPairs, read[k].N, live[k].FewPairs, live[k].N)
		}
	}
}
