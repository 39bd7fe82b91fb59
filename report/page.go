package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nnexp/nnexp/internal/shell"
	"github.com/nnexp/nnexp/runner"
)

// PageFile is the output folder's report: one HTML file that holds
// everything else a person reads (summary, plots, the experiment file,
// provenance), loading nothing, so that it can be mailed or archived as
// it is.
const PageFile = "report.html"

// pageSource is the page's template, its CSS inline.
//
//go:embed page.tmpl
var pageSource string

// pageTemplate is html/template, so that every name, error message and
// line of the experiment file is escaped: they are the user's text.
var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"num":         pageNum,
	"secs":        formatSeconds,
	"count":       pageCount,
	"pairingRule": func() string { return PairingRule },
}).Parse(pageSource))

// Past these, the page counts the rest and points to summary.csv: a page
// of 100,000 job rows would not be read, and a browser would struggle.
const (
	maxJobRows     = 1000
	maxProblemRows = 200
	maxPairedRows  = 200
	maxRankTests   = 20
	maxRankedRuns  = 10
)

// maxInlineSVG bounds one plot's SVG in the page. A history of a million
// steps is a path of a million points, tens of megabytes that a browser
// chokes on; its PNG shows the same. A variable so that a test can lower it.
var maxInlineSVG = 8 << 20

// page is what page.tmpl shows.
type page struct {
	Name, Description string
	Runs              []pageRun
	Accuracy          bool
	// MixedLosses: the runs train on different losses, so the summary
	// names each run's.
	MixedLosses bool
	// Hyperparameters are summary.csv's hyperparameter columns, which
	// the summary table shows after the metrics: the run's name already
	// holds its for_each key, and a wide sweep would push the metrics out
	// of a laptop's view.
	Hyperparameters []string
	Jobs            []pageJob
	JobsLeftOut     int
	// Paired and Ranks are paired.csv's and ranks.csv's tests; Compared
	// says whether there were two runs or more to pair at all.
	Paired          []Comparison
	PairedLeftOut   int
	Ranks           []pageRanks
	RanksLeftOut    int
	Compared        bool
	PairedUnread    string
	Problems        []pageJob
	ProblemsLeftOut int
	// Milestones are milestone_stats.csv's rows, each with its condition.
	Milestones        []pageMilestone
	MilestonesLeftOut int
	Plots             []pageFigure
	// SourceName and Source are the experiment file as the output folder
	// holds it; SourceName is empty when there is no copy.
	SourceName string
	Source     string
	Variables  []pageVar
	Provenance *pageProvenance
}

// pageRun is a summary row with the run's values of the page's
// Hyperparameters, "" where it has none.
type pageRun struct {
	RunSummary
	Settings []string
}

type pageJob struct {
	runner.Result
	Message string
}

type pageFigure struct {
	File string
	// SVG is the plot as renderSVG draws it: gonum/plot's own markup, in
	// which every text is XML-escaped, so it is safe to put in as it is.
	SVG template.HTML
	// MinWidth keeps a wide plot (many bars) legible on a narrow screen:
	// its box scrolls instead of shrinking the text to nothing.
	MinWidth int
	Err      string
	// TooLarge is the size of an SVG left out for being over
	// maxInlineSVG.
	TooLarge string
}

type pageVar struct{ Name, Value string }

// pageMilestone is a milestone summary with its condition written out,
// as in "train_loss ≤ 3000".
type pageMilestone struct {
	MilestoneSummary
	Condition string
}

// pageRanks is a rank test with its runs best first, the first
// maxRankedRuns of them.
type pageRanks struct {
	RankTest
	Ranked      []pageRanked
	RunsLeftOut int
}

type pageRanked struct {
	Run     string
	AvgRank float64
}

// pairedTests are the tests paired.csv and ranks.csv hold; unread is why
// paired.csv could not be read back, if it could not.
type pairedTests struct {
	paired []Comparison
	ranks  []RankTest
	unread string
}

// addTests puts tests on the page, as many as a reader takes in; the
// CSVs have the rest.
func (p *page) addTests(tests pairedTests) {
	p.Compared = len(p.Runs) > 1
	p.PairedUnread = tests.unread
	for _, c := range tests.paired {
		if len(p.Paired) == maxPairedRows {
			p.PairedLeftOut++
			continue
		}
		if c.FewPairs {
			// The same long sentence on row after row of a sweep says
			// less than a short one; paired.csv has it whole.
			c.Note = "too few non-zero differences for p < 0.05"
		}
		p.Paired = append(p.Paired, c)
	}
	for _, t := range tests.ranks {
		if len(p.Ranks) == maxRankTests {
			p.RanksLeftOut++
			continue
		}
		r := pageRanks{RankTest: t}
		for i, run := range t.Runs {
			r.Ranked = append(r.Ranked, pageRanked{run, t.AvgRanks[i]})
		}
		slices.SortStableFunc(r.Ranked, func(a, b pageRanked) int { return cmp.Compare(a.AvgRank, b.AvgRank) })
		if len(r.Ranked) > maxRankedRuns {
			r.Ranked, r.RunsLeftOut = r.Ranked[:maxRankedRuns], len(r.Ranked)-maxRankedRuns
		}
		p.Ranks = append(p.Ranks, r)
	}
}

type pageProvenance struct {
	Manifest
	Command    string
	MaxSeconds []pageVar
}

// pageData gathers the page of an output folder: exp (its Provenance may
// be nil), the results, the plots as planned for the PNGs (drawn again
// here as SVG) and the experiment file's text as copied into the folder.
func pageData(exp *Experiment, results []runner.Result, plots []output, source []byte) page {
	p := page{Name: exp.Name, Description: exp.Description, Source: string(source)}
	if exp.Filename != "" {
		p.SourceName = filepath.Base(exp.Filename)
	}
	runs, accuracy := SummarizeRuns(results)
	p.Accuracy = accuracy
	p.MixedLosses = LossesDiffer(runs)
	p.Hyperparameters = hyperColumns(results)
	first := map[string]runner.Result{}
	for _, r := range results {
		if _, ok := first[r.RunName]; !ok {
			first[r.RunName] = r
		}
	}
	for _, rs := range runs {
		p.Runs = append(p.Runs, pageRun{RunSummary: rs, Settings: settingValues(first[rs.Run], p.Hyperparameters)})
	}
	for _, r := range results {
		job := pageJob{Result: r, Message: r.Warning()}
		if r.Err != nil {
			job.Message = r.Err.Error()
		}
		if len(p.Jobs) < maxJobRows {
			p.Jobs = append(p.Jobs, job)
		} else {
			p.JobsLeftOut++
		}
		if job.Message == "" {
			continue
		}
		if len(p.Problems) < maxProblemRows {
			p.Problems = append(p.Problems, job)
		} else {
			p.ProblemsLeftOut++
		}
	}
	for _, o := range plots {
		if o.chart == nil {
			continue
		}
		p.Plots = append(p.Plots, pageFigureOf(o))
	}
	for _, name := range slices.Sorted(maps.Keys(exp.Vars)) {
		p.Variables = append(p.Variables, pageVar{name, exp.Vars[name]})
	}
	if m := exp.Provenance; m != nil {
		prov := &pageProvenance{Manifest: *m, Command: commandLine(m.CommandLine)}
		for _, name := range slices.Sorted(maps.Keys(m.MaxSeconds)) {
			prov.MaxSeconds = append(prov.MaxSeconds, pageVar{name, pageNum(m.MaxSeconds[name])})
		}
		p.Provenance = prov
	}
	return p
}

// pageFigureOf draws one plot for the page; one that cannot be drawn is
// shown as its error rather than costing the whole page.
func pageFigureOf(o output) pageFigure {
	f := pageFigure{File: o.name}
	pl, width, height, err := o.chart()
	if err == nil {
		var svg []byte
		if svg, err = renderSVG(pl, width, height); err == nil && len(svg) > maxInlineSVG {
			f.TooLarge = fmt.Sprintf("%.1f MB", float64(len(svg))/1e6)
		} else if err == nil {
			f.SVG = template.HTML(svg)
			f.MinWidth = int(math.Round(width.Points() * 0.8))
		}
	}
	if err != nil {
		f.Err = strings.TrimPrefix(err.Error(), "report: ")
	}
	return f
}

// addMilestones puts milestone_stats.csv's rows on the page, the first
// maxJobRows of them.
func (p *page) addMilestones(summaries []MilestoneSummary) {
	for _, ms := range summaries {
		if len(p.Milestones) == maxJobRows {
			p.MilestonesLeftOut++
			continue
		}
		p.Milestones = append(p.Milestones, pageMilestone{ms, ms.Milestone.Condition()})
	}
}

// pageOutput is report.html, showing the plots of plots (the outputs
// planPlots planned), source as the experiment file, the paired tests
// of paired.csv and ranks.csv and the milestones of milestone_stats.csv.
func pageOutput(exp *Experiment, results []runner.Result, plots []output, source []byte, tests pairedTests, milestones []MilestoneSummary) output {
	return output{name: PageFile, write: func(w io.Writer) error {
		// Whole or not at all: the template writes in many small pieces.
		var b bytes.Buffer
		data := pageData(exp, results, plots, source)
		data.addTests(tests)
		data.addMilestones(milestones)
		if err := pageTemplate.Execute(&b, data); err != nil {
			return wrap(err)
		}
		_, err := b.WriteTo(w)
		return err
	}}
}

// commandLine is the manifest's arguments as a command to paste.
func commandLine(args []string) string {
	words := []string{"nnexp"}
	for _, a := range args {
		words = append(words, shell.Quote(a))
	}
	return strings.Join(words, " ")
}

// pageNum writes a metric as the console summary does; "–" when it does
// not exist (NaN).
func pageNum(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.6g", v)
}

// pageCount writes a mean count of evaluations, rounded as the console
// does.
func pageCount(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.0f", v)
}
