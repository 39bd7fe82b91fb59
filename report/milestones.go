package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/nnexp/nnexp/runner"
	nnstats "github.com/nnexp/nnexp/stats"
)

// Milestone is a milestone block of the experiment: a level of a metric,
// and the runs whose jobs are measured by when they first reach it.
type Milestone struct {
	Name string
	// Metric is "train_loss" or "test_loss", reached at or below Value,
	// or "train_accuracy" or "test_accuracy", reached at or above it.
	Metric string
	Value  float64
	// Runs are the run names it measures; every run when empty.
	Runs []string
}

// Condition writes the milestone out, as in "train_loss ≤ 3000".
func (ms *Milestone) Condition() string {
	rel := "≥"
	if metrics[ms.Metric].loss {
		rel = "≤"
	}
	return fmt.Sprintf("%s %s %s", ms.Metric, rel, pageNum(ms.Value))
}

// Reach is when one job first reached a milestone: the first record of
// its history, in order, whose metric is at the milestone's value or past
// it. Its cost, evaluations and seconds are the record's, so they are
// those of the step (or the point part-way through a long step) at which
// the history saw it, not of the moment it happened within that step.
type Reach struct {
	Milestone *Milestone
	// Job points into the results Reaches was given.
	Job *runner.Result
	// Measured says the job's history holds the metric at all: an
	// interrupted job has no history, and accuracy on regression data
	// or a test metric without a test split is never measured.
	Measured bool
	Reached  bool
	// At is the record that reached it, when Reached.
	At runner.Record
}

// Reaches lists, milestone by milestone in order, when each job of the
// runs it measures (in results' order) first reached it.
func Reaches(milestones []*Milestone, results []runner.Result) []Reach {
	var out []Reach
	for _, ms := range milestones {
		m, err := metricNamed(ms.Metric)
		if err != nil {
			// dsl only passes the metrics it knows.
			continue
		}
		listed := make(map[string]bool, len(ms.Runs))
		for _, name := range ms.Runs {
			listed[name] = true
		}
		for i := range results {
			res := &results[i]
			if len(ms.Runs) > 0 && !listed[res.RunName] {
				continue
			}
			r := Reach{Milestone: ms, Job: res}
			for _, rec := range res.History {
				v := m.of(rec)
				if math.IsNaN(v) {
					continue
				}
				r.Measured = true
				if m.loss && v <= ms.Value || !m.loss && v >= ms.Value {
					r.Reached, r.At = true, rec
					break
				}
			}
			out = append(out, r)
		}
	}
	return out
}

// The milestone CSVs' names in the output folder.
const (
	milestonesFile     = "milestones.csv"
	milestoneStatsFile = "milestone_stats.csv"
)

// milestoneOutputs are milestones.csv and milestone_stats.csv, none
// without milestones, and the summaries the page shows too: the history
// is read once for both.
func milestoneOutputs(milestones []*Milestone, results []runner.Result) ([]output, []MilestoneSummary) {
	if len(milestones) == 0 {
		return nil, nil
	}
	reaches := Reaches(milestones, results)
	summaries := MilestoneSummaries(reaches)
	return []output{
		{name: milestonesFile, write: func(w io.Writer) error { return WriteMilestonesCSV(w, reaches) }},
		{name: milestoneStatsFile, write: func(w io.Writer) error { return WriteMilestoneStatsCSV(w, summaries) }},
	}, summaries
}

var milestonesHeader = []string{"milestone", "metric", "value", "run", "repeat", "seed", "status", "reached", "stage", "optimizer", "step", "progress", "evaluations", "cost", "seconds"}

// WriteMilestonesCSV writes one row per milestone and job of the runs it
// measures (see Reaches): whether it reached the milestone (true or false; empty when
// its history never measured the metric) and, if so, the record at
// which it did, as history.csv writes it: the stage and its optimizer, the
// step and the share of it done (below 1 part-way through a long step),
// the evaluations, cost and seconds.
func WriteMilestonesCSV(w io.Writer, reaches []Reach) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(milestonesHeader); err != nil {
		return wrap(err)
	}
	for _, r := range reaches {
		reached := ""
		if r.Measured {
			reached = strconv.FormatBool(r.Reached)
		}
		row := []string{r.Milestone.Name, r.Milestone.Metric, formatFloat(r.Milestone.Value),
			runName(*r.Job), strconv.Itoa(r.Job.Repeat), formatUint(r.Job.Seed), r.Job.Status, reached}
		if r.Reached {
			row = append(row, strconv.Itoa(r.At.Stage), r.At.Optimizer, strconv.Itoa(r.At.Step), formatFloat(r.At.Progress),
				strconv.FormatInt(r.At.Evaluations, 10), formatFloat(r.At.Cost), formatSeconds(r.At.Elapsed))
		} else {
			row = append(row, "", "", "", "", "", "", "")
		}
		if err := cw.Write(row); err != nil {
			return wrap(err)
		}
	}
	cw.Flush()
	return wrap(cw.Error())
}

// MilestoneSummary is one run's jobs against one milestone: of its
// finished jobs whose history measured the metric (Jobs), how many
// reached it, and the cost, evaluations and seconds at which they did,
// summarised over those that did.
type MilestoneSummary struct {
	Milestone                  *Milestone
	Run                        string
	Jobs, Reached              int
	Cost, Evaluations, Seconds nnstats.Summary
}

// MilestoneSummaries summarises reaches by milestone, then run in the
// order the runs first appear: one summary for every run a milestone
// measures, with Jobs 0 when none of its jobs measured the metric (it is
// accuracy on regression data, or every job was interrupted), so that a
// milestone that measures nothing shows as such rather than not at all.
// Interrupted and failed jobs are left out, as in summary_stats.csv; a
// diverged job counts, and reached the milestone if it did so before
// diverging.
func MilestoneSummaries(reaches []Reach) []MilestoneSummary {
	var out []MilestoneSummary
	index := map[[2]string]int{}
	var cost, evals, secs [][]float64
	for _, r := range reaches {
		key := [2]string{r.Milestone.Name, r.Job.RunName}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, MilestoneSummary{Milestone: r.Milestone, Run: r.Job.RunName})
			cost, evals, secs = append(cost, nil), append(evals, nil), append(secs, nil)
		}
		if !finishedJob(*r.Job) || !r.Measured {
			continue
		}
		out[i].Jobs++
		if r.Reached {
			out[i].Reached++
			cost[i] = append(cost[i], r.At.Cost)
			evals[i] = append(evals[i], float64(r.At.Evaluations))
			secs[i] = append(secs[i], r.At.Elapsed)
		}
	}
	for i := range out {
		out[i].Cost, out[i].Evaluations, out[i].Seconds = nnstats.Describe(cost[i]), nnstats.Describe(evals[i]), nnstats.Describe(secs[i])
	}
	return out
}

func milestoneStatsHeader() []string {
	h := []string{"milestone", "metric", "value", "run", "jobs", "reached"}
	for _, m := range []string{"cost", "evaluations", "seconds"} {
		for _, s := range statsNames {
			h = append(h, m+"_"+s)
		}
	}
	return h
}

// WriteMilestoneStatsCSV writes one row per MilestoneSummary: its jobs,
// how many reached the milestone, and for the cost, evaluations and
// seconds at which they did the mean, sample sd, median, quartiles, min
// and max over those that reached it (empty cells when none did), as
// summary_stats.csv writes its statistics.
func WriteMilestoneStatsCSV(w io.Writer, summaries []MilestoneSummary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(milestoneStatsHeader()); err != nil {
		return wrap(err)
	}
	for _, s := range summaries {
		row := []string{s.Milestone.Name, s.Milestone.Metric, formatFloat(s.Milestone.Value), s.Run,
			strconv.Itoa(s.Jobs), strconv.Itoa(s.Reached)}
		for k, d := range []nnstats.Summary{s.Cost, s.Evaluations, s.Seconds} {
			format := formatFloat
			if k == 2 {
				format = formatSeconds
			}
			for _, v := range []float64{d.Mean, d.SD, d.Median, d.Q1, d.Q3, d.Min, d.Max} {
				row = append(row, format(v))
			}
		}
		if err := cw.Write(row); err != nil {
			return wrap(err)
		}
	}
	cw.Flush()
	return wrap(cw.Error())
}
