package report

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnexp/nnexp/runner"
)

// The profiles of derivative-free benchmarking, over an experiment's
// paired starts: each repeat r is one problem, which every run starts from
// the same loss f0 (runs that share data and model start repeat r from the
// same parameters). A run solves problem r once its loss is within tau of
// the way from f0 to fL, the lowest loss any of the plotted runs reached
// on r: f <= fL + tau*(f0 - fL) (Moré & Wild 2009).

// solveCost is the cost (byCost: forward-pass equivalents, else
// evaluations) at which res first reaches target, or +Inf if it never
// does.
func solveCost(res runner.Result, target float64, byCost bool) float64 {
	for _, h := range res.History {
		if h.TrainLoss <= target {
			if byCost {
				return h.Cost
			}
			return float64(h.Evaluations)
		}
	}
	return math.Inf(1)
}

// hasCost reports whether every record of the problems has a cost, which
// results from before cost was recorded (read back from old CSVs) lack.
func hasCost(problems [][]runner.Result) bool {
	for _, row := range problems {
		for _, res := range row {
			for _, h := range res.History {
				if !(h.Cost > 0) {
					return false
				}
			}
		}
	}
	return true
}

// profileProblems pairs the plotted runs' results by repeat: problems[r]
// holds run k's result of a repeat at k, for the repeats every run has
// with a history. Runs known not to be paired (other data, model or seed,
// by their specs or, read back, by the keys the experiment file gives
// them) give none: their starts differ, so no repeat is one problem for
// both.
func profileProblems(groups []runGroup) [][]runner.Result {
	if !groupsPaired(groups) {
		return nil
	}
	last := -1
	for _, g := range groups {
		for _, res := range g.results {
			last = max(last, res.Repeat)
		}
	}
	var problems [][]runner.Result
	for r := 0; r <= last; r++ {
		row := make([]runner.Result, 0, len(groups))
		for _, g := range groups {
			i := slices.IndexFunc(g.results, func(res runner.Result) bool { return res.Repeat == r })
			if i < 0 || len(g.results[i].History) == 0 {
				break
			}
			row = append(row, g.results[i])
		}
		if len(row) == len(groups) {
			problems = append(problems, row)
		}
	}
	return problems
}

// groupsPaired reports whether no two of groups are known to start from
// different parameters (see profileProblems).
func groupsPaired(groups []runGroup) bool {
	for _, g := range groups {
		a, aok := pairKeyOf(g.results[0])
		b, bok := pairKeyOf(groups[0].results[0])
		if aok && bok && a != b {
			return false
		}
	}
	return true
}

// solveCosts is, per problem and run, the cost to solve it to tau (see
// solveCost).
func solveCosts(problems [][]runner.Result, tau float64, byCost bool) [][]float64 {
	costs := make([][]float64, len(problems))
	for p, row := range problems {
		f0 := row[0].History[0].TrainLoss
		fL := math.Inf(1)
		for _, res := range row {
			for _, h := range res.History {
				if !math.IsNaN(h.TrainLoss) && !math.IsInf(h.TrainLoss, 0) { // a diverged job's last record
					fL = math.Min(fL, h.TrainLoss)
				}
			}
		}
		target := fL + tau*(f0-fL)
		costs[p] = make([]float64, len(row))
		for k, res := range row {
			costs[p][k] = solveCost(res, target, byCost)
		}
	}
	return costs
}

// errNoProblems is profiles' error when paired runs have no start that
// every one finished, so there is no problem to profile yet.
var errNoProblems = errors.New("report: no start that every run finished, so no problem to profile")

// profileCurve is one run's profile: the fraction of problems solved (Y)
// by budget or cost ratio (X), a point per problem solved.
type profileCurve struct {
	group  runGroup
	pts    plotter.XYs
	solved int
}

// profileUnit is what a profile's budget counts.
type profileUnit int

const (
	// byCost: forward-pass equivalents (runner.Record.Cost), the one
	// unit in which every method's work compares.
	byCost profileUnit = iota
	// perGradient: simplex gradients, evaluations / (parameters + 1)
	// (Moré & Wild), for results from before cost was recorded.
	perGradient
	// byEvaluations: evaluations, when the parameter counts are not
	// known either (results read back from old CSVs).
	byEvaluations
)

// profiles computes the curves of ProfilePlot, and the unit its budget
// is in.
func profiles(results []runner.Result, runs []string, kind string, tau float64) (curves []profileCurve, problems int, unit profileUnit, err error) {
	if !(tau > 0 && tau < 1) {
		return nil, 0, 0, fmt.Errorf("report: profile tolerance %g is not in (0, 1)", tau)
	}
	if kind != "data_profile" && kind != "performance_profile" {
		return nil, 0, 0, fmt.Errorf("report: unknown profile %q", kind)
	}
	groups, err := groupByRun(results, runs)
	if err != nil {
		return nil, 0, 0, err
	}
	probs := profileProblems(groups)
	switch {
	case len(probs) == 0 && !groupsPaired(groups):
		return nil, 0, 0, fmt.Errorf("report: no repeat that every run finished from a shared start, so no problem to profile (are the runs paired?)")
	case len(probs) == 0:
		// Paired runs with no start that every one finished (an
		// interrupted or failed job leaves its start out): ProfilePlot
		// says so on an empty plot rather than failing.
		return nil, 0, 0, errNoProblems
	}
	switch {
	case hasCost(probs):
		unit = byCost
	case !slices.ContainsFunc(results, func(r runner.Result) bool { return len(r.Params) == 0 }):
		unit = perGradient
	default:
		// Results read back from the CSVs (nnexp plot) have no parameters.
		unit = byEvaluations
	}
	costs := solveCosts(probs, tau, unit == byCost)
	for k, g := range groups {
		xs := make([]float64, 0, len(probs))
		for pi, row := range costs {
			c := row[k]
			if math.IsInf(c, 1) {
				continue
			}
			if kind == "data_profile" {
				switch unit {
				case perGradient:
					xs = append(xs, math.Max(c, 1)/float64(len(probs[pi][k].Params)+1))
				case byEvaluations:
					xs = append(xs, math.Max(c, 1))
				default:
					// A cost can be a fraction of a pass; no floor.
					xs = append(xs, c)
				}
			} else {
				if unit == byCost {
					xs = append(xs, c/slices.Min(row))
				} else {
					xs = append(xs, math.Max(c, 1)/math.Max(slices.Min(row), 1))
				}
			}
		}
		slices.Sort(xs)
		pts := make(plotter.XYs, 0, len(xs))
		for i, x := range xs {
			pts = append(pts, plotter.XY{X: x, Y: float64(i+1) / float64(len(probs))})
		}
		curves = append(curves, profileCurve{group: g, pts: pts, solved: len(xs)})
	}
	return curves, len(probs), unit, nil
}

// ProfilePlot draws a data profile (kind "data_profile": the fraction of
// problems each run solved to tau against its budget in units of n+1
// evaluations, n the number of parameters, Moré & Wild 2009) or a
// performance profile (kind "performance_profile": the fraction of
// problems each run solved within a factor of the fastest run's cost,
// Dolan & Moré 2002) over the paired repeats of runs.
func ProfilePlot(results []runner.Result, runs []string, title, kind string, tau float64) (*plot.Plot, error) {
	curves, problems, unit, err := profiles(results, runs, kind, tau)
	if errors.Is(err, errNoProblems) {
		p := newPlot(title+"\n(nothing to profile: no start that every run finished; an interrupted or failed job leaves its start out)",
			"budget", "fraction of problems solved")
		p.Y.Min, p.Y.Max = 0, 1
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	xLabel := "cost ratio to the cheapest run on each problem (log scale)"
	switch {
	case kind == "data_profile" && unit == byCost:
		xLabel = "budget in forward passes over the training data (cost, log scale)"
	case kind == "data_profile" && unit == perGradient:
		xLabel = "budget in simplex gradients (evaluations / (parameters + 1), log scale)"
	case kind == "data_profile":
		xLabel = "budget in loss evaluations (log scale)"
	}
	p := newPlot(title, xLabel, fmt.Sprintf("fraction of %d problems solved, tau = %g", problems, tau))
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = logTicks{}
	// As on the history's log axes: a centred label would squeeze the plot.
	p.X.Label.Position = draw.PosRight
	p.Y.Min, p.Y.Max = 0, 1
	right := 0.0
	for _, c := range curves {
		if len(c.pts) > 0 {
			right = math.Max(right, c.pts[len(c.pts)-1].X)
		}
	}
	for _, c := range curves {
		entry := fmt.Sprintf("%s (%d of %d solved)", c.group.name, c.solved, problems)
		if len(c.pts) == 0 {
			p.Legend.Add(entry)
			continue
		}
		// A profile is a step function: 0 before a run's first solved
		// problem, and its last fraction held to the right edge, so that
		// a run that solved one problem still draws a visible step.
		pts := append(plotter.XYs{{X: c.pts[0].X, Y: 0}}, c.pts...)
		pts = append(pts, plotter.XY{X: right, Y: c.pts[len(c.pts)-1].Y})
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, wrap(err)
		}
		line.StepStyle = plotter.PostStep
		line.Color = runColor(c.group.order)
		line.Width = vg.Points(1.5)
		line.Dashes = runDashes(c.group.order)
		p.Add(line)
		p.Legend.Add(entry, line)
	}
	// Every solved problem at one x (one repeat, one run solving it)
	// leaves an empty range, which gonum/plot would widen to [x-1, x+1]:
	// not drawable on a log axis when x <= 1. A decade from x is.
	if !(p.X.Min > 0) { // no run solved a problem: nothing drawn
		p.X.Min, p.X.Max = 1, 10
	}
	if p.X.Max < 10*p.X.Min {
		p.X.Max = 10 * p.X.Min
	}
	return p, nil
}
