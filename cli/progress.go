package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nnexp/nnexp/runner"
)

// progress shows a run as it goes. The runner calls start once, step from
// every job's goroutine (so concurrently), and done from one goroutine;
// close is called after the run, before the summary is printed.
//
// Why not a progress library (mpb, progressbar): this view is a table of
// running jobs' text (stage, step, loss, ETA) under scrolling log lines,
// not bars; its frame is a pure function (renderFrame) tested without a
// terminal, and the non-terminal log mode is a separate printer either
// way. mpb would replace only the cursor moves of draw and rewind (about
// 40 lines) at the cost of five dependencies and a render loop whose
// output cannot be tested frame by frame; so the view stays here.
type progress interface {
	start(toRun []runner.Job, reused []runner.Result)
	// stepHook is the runner's OnStep, nil when the display does not
	// follow steps, so that the hook costs nothing.
	stepHook() func(runner.Job, runner.Progress)
	// withinHook is the runner's OnWithin, nil likewise.
	withinHook() func(runner.Job, runner.Within)
	done(r runner.Result)
	close()
}

// newProgress picks the display: none with --quiet, a live view redrawn in
// place when stdout is a terminal, else one log line per finished job,
// which reads well in a file or a CI log. NO_COLOR (set and not empty, as
// no-color.org asks) turns colour off; the live view still moves the
// cursor, which is not colour.
func newProgress(stdout io.Writer, name string, parallel int, quiet bool) progress {
	switch {
	case quiet:
		return quietProgress{}
	case isTerminal(stdout):
		return newLiveProgress(stdout, name, parallel, useColor(), terminalWidth())
	}
	return &logProgress{w: stdout, name: name, parallel: parallel}
}

// useColor is false when NO_COLOR is set to anything but the empty string.
func useColor() bool { return os.Getenv("NO_COLOR") == "" }

// isTerminal reports whether w is a character device, as a terminal is,
// without any dependency beyond os.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// terminalWidth is $COLUMNS when the shell exports it, else 0 (unknown).
// The live view does not depend on it: it turns line wrapping off while it
// draws, so a narrow terminal clips its lines instead of wrapping them.
func terminalWidth() int {
	n, err := strconv.Atoi(os.Getenv("COLUMNS"))
	if err != nil || n < 20 {
		return 0
	}
	return n
}

// startLine is the first line of a run: how many jobs there are and how
// many are already done in the output folder, and, when any are to run,
// on how many workers, and how many of them run again only because
// another build of the program computed their stored results (said here,
// where it matters, since a user who changed nothing but their code would
// otherwise wonder why, and one who wants the old results needs the flag).
func startLine(name string, toRun []runner.Job, reused, parallel int) string {
	n := len(toRun)
	line := fmt.Sprintf("%s: %s: %d up to date, %d to run", name, plural(n+reused, "job"), reused, n)
	if n > 0 {
		line += " on " + plural(min(parallel, n), "worker")
	}
	other := 0
	for _, j := range toRun {
		if j.OtherBuild {
			other++
		}
	}
	if other > 0 {
		verb := "are"
		if other == 1 {
			verb = "is"
		}
		line += fmt.Sprintf("\n%d of them %s stored from another build of this program and run again (--reuse-any-build reuses them)", other, verb)
	}
	return line
}

type quietProgress struct{}

func (quietProgress) start([]runner.Job, []runner.Result)         {}
func (quietProgress) stepHook() func(runner.Job, runner.Progress) { return nil }
func (quietProgress) withinHook() func(runner.Job, runner.Within) { return nil }
func (quietProgress) done(runner.Result)                          {}
func (quietProgress) close()                                      {}

// logProgress prints the start line, then "[k/n] <job>" as each job that
// runs finishes (n counts the jobs to run, not those up to date), and, on
// an interrupted run, how many jobs never started (notStartedLine) rather
// than a line for each.
type logProgress struct {
	w          io.Writer
	name       string
	parallel   int
	total      int
	finished   int
	notStarted int
}

func (p *logProgress) start(toRun []runner.Job, reused []runner.Result) {
	p.total = len(toRun)
	fmt.Fprintln(p.w, startLine(p.name, toRun, len(reused), p.parallel))
}

func (p *logProgress) stepHook() func(runner.Job, runner.Progress) { return nil }

func (p *logProgress) withinHook() func(runner.Job, runner.Within) { return nil }

func (p *logProgress) done(r runner.Result) {
	if errors.Is(r.Err, runner.ErrNotStarted) {
		p.notStarted++
		return
	}
	p.finished++
	fmt.Fprintf(p.w, "[%d/%d] %s\n", p.finished, p.total, jobLine(r, false))
}

func (p *logProgress) close() {
	if p.notStarted > 0 {
		fmt.Fprintln(p.w, notStartedLine(p.notStarted))
	}
}

// notStartedLine tells how many jobs an interrupted run never started:
// one line, however long the queue was.
func notStartedLine(n int) string {
	if n == 1 {
		return "1 job not started (interrupted)"
	}
	return plural(n, "job") + " not started (interrupted)"
}

// jobLine is a finished job on one line; with colour, its status is green
// when the job is done, yellow when it stopped early on purpose and red
// when it went wrong.
func jobLine(r runner.Result, color bool) string {
	status := fmt.Sprintf("%-11s", r.Status)
	if color {
		status = paint(statusColor(r.Status), status)
	}
	// Each accuracy follows its own set's loss: one after the test loss
	// would read as the test accuracy.
	s := fmt.Sprintf("%-12s repeat %-3d %s train %-12s", r.RunName, r.Repeat, status, num(r.TrainLoss))
	if !math.IsNaN(r.TrainAccuracy) {
		s += fmt.Sprintf(" acc %.3f", r.TrainAccuracy)
	}
	if !math.IsNaN(r.TestLoss) {
		s += fmt.Sprintf(" test %-12s", num(r.TestLoss))
	}
	if !math.IsNaN(r.TestAccuracy) {
		s += fmt.Sprintf(" acc %.3f", r.TestAccuracy)
	}
	return s + fmt.Sprintf(" %d evals cost %s %.2fs", r.Evaluations, num(r.Cost), r.Elapsed)
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.6g", v)
}

// SGR colours; paint adds none when code is empty.
const (
	sgrReset  = "\x1b[0m"
	sgrBold   = "1"
	sgrRed    = "31"
	sgrGreen  = "32"
	sgrYellow = "33"
)

func paint(code, s string) string {
	if code == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + sgrReset
}

func statusColor(status string) string {
	switch status {
	case runner.StatusCompleted, runner.StatusConverged, runner.StatusTarget:
		return sgrGreen
	case runner.StatusBudget, runner.StatusInterrupted:
		return sgrYellow
	case runner.StatusFailed, runner.StatusDiverged:
		return sgrRed
	}
	return ""
}

// Cursor control for the live view: these move and erase, they are not
// colour, so NO_COLOR leaves them on.
const (
	eraseLine   = "\x1b[K"   // erase to the end of the line
	eraseBelow  = "\x1b[J"   // erase to the end of the screen
	wrapOff     = "\x1b[?7l" // clip long lines instead of wrapping them
	wrapOn      = "\x1b[?7h" // the terminal's default
	cursorUpFmt = "\x1b[%dA" // up n lines
)

// redrawEvery caps the live view at ten frames a second: enough to look
// live, few enough that drawing costs nothing next to training.
const redrawEvery = 100 * time.Millisecond

// liveJob is what the live view shows of a running job.
type liveJob struct {
	Index     int
	Run       string
	Repeat    int
	Stage     int
	Stages    int
	Optimizer string
	// Step is the step within the stage; Steps and MaxSteps count over
	// the pipeline, MaxSteps 0 when unknown. MaxSeconds is the run's time
	// budget, 0 when none.
	Step, Steps, MaxSteps int
	MaxSeconds            float64
	Loss                  float64
	// Elapsed and Wall are the job's training and wall-clock seconds at
	// the end of its last step (or the start of its stage), not at a
	// record part-way through a step.
	Elapsed, Wall float64
	// Within is where the running step stands part-way, Done 0 when its
	// method has not said (runner.Within).
	Within runner.Within
}

// liveTotals is the last line of the live view.
type liveTotals struct {
	Jobs, Reused, Finished, Running, Bad int
	Elapsed                              time.Duration
}

// renderFrame is the live view for a set of running jobs (in job order)
// and the totals: one line per job, then the totals line. It is a pure
// function of its arguments, so tests can check a frame without a
// terminal. width > 0 truncates lines to width-1 columns.
func renderFrame(jobs []liveJob, t liveTotals, color bool, width int) []string {
	lines := make([]string, 0, len(jobs)+1)
	for _, j := range jobs {
		stage := fmt.Sprintf("stage %d/%d %s", j.Stage, j.Stages, j.Optimizer)
		steps := fmt.Sprintf("step %d", j.Step)
		line := fmt.Sprintf("  %-12s repeat %-3d %-26s %-10s loss %-12s eta %s",
			j.Run, j.Repeat, stage, steps, num(j.Loss), eta(j))
		if w := within(j); w != "" {
			line += "  " + w
		}
		lines = append(lines, clip(line, width))
	}
	total := fmt.Sprintf("jobs %d/%d done", t.Finished+t.Reused, t.Jobs)
	if t.Reused > 0 {
		total += fmt.Sprintf(" (%d up to date)", t.Reused)
	}
	total += fmt.Sprintf(", %d running", t.Running)
	if t.Bad > 0 {
		total += fmt.Sprintf(", %d failed or diverged", t.Bad)
	}
	total = clip(total+fmt.Sprintf("  %s elapsed", duration(t.Elapsed.Seconds())), width)
	if color {
		total = paint(sgrBold, total)
	}
	return append(lines, total)
}

// eta is the time left for a job, from the pace of the steps it has taken
// and the most its pipeline may take (before the first step ends, from
// that step's own pace), or from its time budget when that ends it
// sooner (a search of a thousand sweeps in ten minutes ends in ten
// minutes, not days); "?" when neither is known. It is wall time: the
// budget counts training time only (runner.Record.Elapsed), so what is
// left of it is stretched by the share of the job's wall time the runner
// has spent watching it so far.
func eta(j liveJob) string {
	wall := max(j.Wall, j.Elapsed) // Wall 0: a runner that does not say
	bySteps, known := 0.0, j.MaxSteps > 0 && j.Steps > 0 && wall > 0
	w := j.Within
	switch {
	case known:
		bySteps = wall / float64(j.Steps) * float64(max(j.MaxSteps-j.Steps, 0))
	case j.MaxSteps > 0 && w.Done > 0 && w.StepElapsed >= minEtaSeconds:
		// No step has ended yet, but the first one's pace is known.
		perStep := w.StepElapsed / w.Done
		bySteps, known = perStep*(1-w.Done)+perStep*float64(max(j.MaxSteps-j.Steps-1, 0)), true
	}
	if j.MaxSeconds > 0 {
		training := 1.0 // the share of wall time that is training
		if wall > 0 {
			training = j.Elapsed / wall
		}
		now := j.Elapsed
		if w.Done > 0 {
			now += w.StepElapsed * training // the step under way so far
		}
		left := max(j.MaxSeconds-now, 0)
		if training > 0 {
			left /= training
		}
		if !known || left < bySteps {
			return duration(left) + " (budget)"
		}
	}
	if !known {
		return "?"
	}
	return duration(bySteps)
}

// within is how far the step under way has got, as its method last said:
// "step 2: 41% 20866/50890 params 3.1k cand/s eta 1m10s", the rate and the
// step's ETA from its own pace (each of search's candidates is one
// evaluation). "" when the method has said nothing since the last step
// ended.
func within(j liveJob) string {
	w := j.Within
	if !(w.Done > 0 && w.Done < 1) {
		return ""
	}
	s := fmt.Sprintf("step %d: %d%%", w.Step, int(w.Done*100))
	if w.Params > 0 {
		s += fmt.Sprintf(" %d/%d params", int(math.Round(w.Done*float64(w.Params))), w.Params)
	}
	if w.StepElapsed > 0 {
		s += fmt.Sprintf(" %s cand/s", count(float64(w.StepEvaluations)/w.StepElapsed))
		// The first parameters include setting up the step (a search
		// builds its caches), so an ETA from them alone can be hours.
		if w.StepElapsed >= minEtaSeconds {
			s += " eta " + duration(w.StepElapsed*(1-w.Done)/w.Done)
		}
	}
	return s
}

// minEtaSeconds is how long a step runs before its ETA is shown.
const minEtaSeconds = 2

// count is a short human rate: 950, 3.1k, 42k, 1.2M.
func count(v float64) string {
	switch {
	case v < 1000:
		return fmt.Sprintf("%.0f", v)
	case v < 10_000:
		return fmt.Sprintf("%.1fk", v/1000)
	case v < 1_000_000:
		return fmt.Sprintf("%.0fk", v/1000)
	}
	return fmt.Sprintf("%.1fM", v/1e6)
}

// duration is a short human time: 0s, 42s, 3m07s, 2h05m.
func duration(sec float64) string {
	s := int(math.Round(sec))
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, s/60%60)
}

func clip(s string, width int) string {
	if width <= 0 {
		return s
	}
	r := []rune(s)
	if len(r) < width {
		return s
	}
	return string(r[:width-1])
}

// liveProgress is the terminal view: finished jobs print as log lines that
// scroll up, and below them a frame of one line per running job and a
// totals line is redrawn in place, at most every redrawEvery, by a
// goroutine of its own. The runner's hooks only record state under mu.
type liveProgress struct {
	w        io.Writer
	name     string
	parallel int
	color    bool
	width    int
	began    time.Time
	// every is the redraw period, redrawEvery but in tests.
	every time.Duration

	mu      sync.Mutex
	running map[int]*liveJob
	pending []string // finished-job lines not yet printed
	// notStarted counts the jobs an interrupt kept from starting.
	notStarted int
	totals     liveTotals
	drawn      int    // lines of the frame on screen
	last       string // the frame on screen, to skip identical redraws

	quit chan struct{}
	wg   sync.WaitGroup
}

func newLiveProgress(w io.Writer, name string, parallel int, color bool, width int) *liveProgress {
	return &liveProgress{w: w, name: name, parallel: parallel, color: color, width: width,
		every: redrawEvery, running: map[int]*liveJob{}, quit: make(chan struct{})}
}

func (p *liveProgress) start(toRun []runner.Job, reused []runner.Result) {
	fmt.Fprintln(p.w, startLine(p.name, toRun, len(reused), p.parallel))
	p.began = time.Now()
	p.totals = liveTotals{Jobs: len(toRun) + len(reused), Reused: len(reused)}
	p.wg.Go(func() {
		tick := time.NewTicker(p.every)
		defer tick.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-tick.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	})
}

func (p *liveProgress) stepHook() func(runner.Job, runner.Progress) { return p.step }

func (p *liveProgress) step(job runner.Job, pr runner.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	j := p.running[job.Index]
	if j == nil {
		j = &liveJob{Index: job.Index, Run: job.RunName, Repeat: job.Repeat}
		p.running[job.Index] = j
	}
	j.Stage, j.Stages, j.Optimizer = pr.Stage, pr.Stages, pr.Optimizer
	j.Step, j.MaxSteps, j.MaxSeconds = pr.Step, pr.MaxSteps, pr.MaxSeconds
	j.Loss = pr.TrainLoss
	if pr.Progress >= 1 {
		// A step has ended (or a stage begun): what was under way is done.
		// Elapsed and Steps move only here, so that they are the steps
		// done and the time they took, where the running step began,
		// which Within's StepElapsed counts from: a record part-way
		// through a step would count that part twice, and it carries the
		// running step in Steps (the runner counts a step as it begins),
		// which would make the pace of the steps done look twice as fast
		// (both found by review).
		j.Elapsed, j.Wall, j.Steps = pr.Elapsed, pr.Wall, pr.Steps
		j.Within = runner.Within{}
	}
}

func (p *liveProgress) withinHook() func(runner.Job, runner.Within) { return p.within }

func (p *liveProgress) within(job runner.Job, w runner.Within) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if j := p.running[job.Index]; j != nil {
		j.Within = w
	}
}

func (p *liveProgress) done(r runner.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.running, r.Index)
	if errors.Is(r.Err, runner.ErrNotStarted) {
		p.notStarted++
		return
	}
	p.totals.Finished++
	if r.Status == runner.StatusFailed || r.Status == runner.StatusDiverged {
		p.totals.Bad++
	}
	p.pending = append(p.pending, fmt.Sprintf("[%d/%d] %s", p.totals.Finished, p.totals.Jobs-p.totals.Reused, jobLine(r, p.color)))
}

// close stops the redraws, prints the finished jobs not yet shown and
// erases the frame, leaving the log lines for the summary to follow.
func (p *liveProgress) close() {
	close(p.quit)
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	p.rewind(&b)
	for _, l := range p.pending {
		b.WriteString(l + eraseLine + "\n")
	}
	p.pending = nil
	if p.notStarted > 0 {
		b.WriteString(notStartedLine(p.notStarted) + eraseLine + "\n")
	}
	b.WriteString(eraseBelow)
	p.drawn, p.last = 0, ""
	io.WriteString(p.w, b.String())
}

// draw prints the pending log lines and the frame over the previous frame,
// in one write so the terminal never shows half a frame. mu is held.
func (p *liveProgress) draw() {
	jobs := make([]liveJob, 0, len(p.running))
	for _, j := range p.running {
		jobs = append(jobs, *j)
	}
	slices.SortFunc(jobs, func(a, b liveJob) int { return a.Index - b.Index })
	t := p.totals
	t.Running = len(jobs)
	t.Elapsed = time.Since(p.began)
	frame := strings.Join(renderFrame(jobs, t, p.color, p.width), eraseLine+"\n") + eraseLine + "\n"
	if len(p.pending) == 0 && frame == p.last {
		return
	}
	var b strings.Builder
	p.rewind(&b)
	for _, l := range p.pending {
		// Log lines may wrap: they are not redrawn, so their height
		// does not matter.
		b.WriteString(l + eraseLine + "\n")
	}
	p.pending = nil
	// The frame is redrawn over itself, which needs its height: with
	// wrapping off a long line stays one line.
	b.WriteString(wrapOff + frame + eraseBelow + wrapOn)
	p.drawn = len(jobs) + 1
	p.last = frame
	io.WriteString(p.w, b.String())
}

// rewind moves the cursor to the first line of the frame on screen.
func (p *liveProgress) rewind(b *strings.Builder) {
	if p.drawn > 0 {
		fmt.Fprintf(b, cursorUpFmt, p.drawn)
	}
	b.WriteString("\r")
}

// plural is "1 job" or "n jobs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
