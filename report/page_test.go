package report

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nnexp/nnexp/runner"
)

// pageFixture is the fixture with text that must be escaped wherever the
// user can put it, a provenance, and a failed job.
func pageFixture() (*Experiment, []runner.Result) {
	exp, results := fixture()
	exp.Description = `compares <b>bold</b> & "quoted"`
	exp.Source = []byte("experiment \"demo\" {\n  description = \"</pre><script>alert(1)</script>\"\n}\n")
	exp.Plots = []*Plot{{Name: "b_log", Type: "history", Runs: []string{"b"}, File: "b_log.png", LogY: true}}
	started := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	m := NewManifest(exp, "", []string{"run", "demo.hcl", "--var", "label=it's"}, results, started, started.Add(time.Minute))
	m.Datasets = []ManifestDataset{{Name: "d", Source: "csv", Path: "data<1>.csv", SHA256: "abc123", Task: "classification",
		TrainRows: 8, TestRows: 2, Inputs: 3, Classes: []string{"no", "yes"}, Runs: []string{"a", "b"}}}
	exp.Provenance = &m
	results = append(results, runner.Result{
		Job:       runner.Job{Index: 3, RunName: "c", Repeat: 0, Seed: 9},
		TrainLoss: nan, TestLoss: nan, TrainAccuracy: nan, TestAccuracy: nan,
		Status: runner.StatusFailed, Err: errors.New("runner: model <too> big & wide"),
	})
	return exp, results
}

func TestPage(t *testing.T) {
	exp, results := pageFixture()
	dir := t.TempDir()
	if _, err := WriteOutputs(dir, exp, results); err != nil {
		t.Fatal(err)
	}
	page := string(readFile(t, filepath.Join(dir, PageFile)))
	for _, want := range []string{
		"<title>demo · nnexp report</title>",
		"compares &lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;",
		// the summary per run, as the console has it
		`<td class="text">a</td><td>2</td><td class="text">1 completed, 1 converged</td><td>1.5</td><td>1</td><td>2</td><td>–</td>`,
		`<td class="text">c</td><td>1</td><td class="text">failed</td>`,
		// the failed and the diverged job with their errors, escaped
		"runner: model &lt;too&gt; big &amp; wide",
		"runner: loss &#34;exploded&#34;, stopping",
		// the experiment file, escaped
		"&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
		"<figcaption>history.png</figcaption>", "<figcaption>history_a.png</figcaption>",
		"<figcaption>history_c.png</figcaption>", "<figcaption>final_loss.png</figcaption>",
		"<figcaption>b_log.png</figcaption>",
		// provenance
		"<code>nnexp run demo.hcl --var &#39;label=it&#39;\\&#39;&#39;s&#39;</code>",
		"2026-01-02T03:04:05Z", "2026-01-02T03:05:05Z",
		"<code>data&lt;1&gt;.csv</code>", "abc123", "no, yes",
		"<td class=\"text\"><code>hidden</code></td><td class=\"text\"><code>[5, 4]</code></td>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(page, `<svg class="plot" viewBox=`); n != 7 {
		t.Errorf("page has %d plots, want 7", n)
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "<?xml") {
		t.Error("page has a script or an XML declaration")
	}
	// Nothing the page could load: no src, no link, no CSS url or import;
	// the only http(s) text is the SVG namespaces, which are names.
	if loads := regexp.MustCompile(`(?i)\ssrc=|<link|url\(|@import|href="[^#]`).FindAllString(page, -1); len(loads) > 0 {
		t.Errorf("page loads something: %q", loads)
	}
	urls := regexp.MustCompile(`https?://[^"\s<]*`).FindAllString(page, -1)
	for _, u := range urls {
		if u != "http://www.w3.org/2000/svg" && u != "http://www.w3.org/1999/xlink" {
			t.Errorf("page names %s", u)
		}
	}
}

// A plot that cannot be drawn is shown as its error; the page is still
// written.
func TestPagePlotError(t *testing.T) {
	exp, results := fixture()
	exp.Plots = []*Plot{{Name: "bad", Type: "history", Runs: []string{"nope"}, File: "bad.png"}}
	dir := t.TempDir()
	WriteOutputs(dir, exp, results)
	page := string(readFile(t, filepath.Join(dir, PageFile)))
	if !strings.Contains(page, `bad.png could not be drawn: no results for run &#34;nope&#34;`) {
		t.Errorf("page does not say why bad.png is missing")
	}
}

// The same results give the same page, timings aside, and nnexp plot's
// Redraw from the CSVs gives the page of the run.
func TestPageDeterministic(t *testing.T) {
	exp, results := pageFixture()
	a, b := t.TempDir(), t.TempDir()
	if _, err := WriteOutputs(a, exp, results); err != nil {
		t.Fatal(err)
	}
	for i := range results {
		results[i].Elapsed *= 3
	}
	if _, err := WriteOutputs(b, exp, results); err != nil {
		t.Fatal(err)
	}
	elapsed := regexp.MustCompile(`<td>[0-9.]+</td></tr>`)
	pa := elapsed.ReplaceAllString(string(readFile(t, filepath.Join(a, PageFile))), "")
	pb := elapsed.ReplaceAllString(string(readFile(t, filepath.Join(b, PageFile))), "")
	if pa != pb {
		t.Error("two writes of the same results differ beyond the elapsed column")
	}

	read, err := ReadResults(a)
	if err != nil {
		t.Fatal(err)
	}
	again := *exp
	again.Source = readFile(t, filepath.Join(a, "demo.hcl"))
	// Redraw reads the tests nnexp run stored in the folder it redraws.
	c := t.TempDir()
	for _, name := range []string{"paired.csv", "ranks.csv"} {
		if err := os.WriteFile(filepath.Join(c, name), readFile(t, filepath.Join(a, name)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Redraw(c, &again, read); err != nil {
		t.Fatal(err)
	}
	if got, want := string(readFile(t, filepath.Join(c, PageFile))), string(readFile(t, filepath.Join(a, PageFile))); got != want {
		t.Errorf("Redraw's page differs from the run's")
	}
}

// A plot whose SVG would make the page too heavy is named, not inlined.
func TestPageTooLargePlot(t *testing.T) {
	defer func(n int) { maxInlineSVG = n }(maxInlineSVG)
	maxInlineSVG = 1000
	exp, results := fixture()
	dir := t.TempDir()
	if _, err := WriteOutputs(dir, exp, results); err != nil {
		t.Fatal(err)
	}
	page := string(readFile(t, filepath.Join(dir, PageFile)))
	if strings.Contains(page, "<svg") || !strings.Contains(page, "history.png is too detailed to put in this page (") {
		t.Error("a plot over the limit is inlined, or not named")
	}
}

// The page shows paired.csv's and ranks.csv's tests (the figures worked
// out by hand in TestPairedCSV), and nnexp plot's page, from results read
// back, shows the same ones from the stored CSVs.
func TestPagePairedTests(t *testing.T) {
	exp := &Experiment{Name: "paired"}
	dir := t.TempDir()
	if _, err := WriteOutputs(dir, exp, pairedFixture()); err != nil {
		t.Fatal(err)
	}
	page := string(readFile(t, filepath.Join(dir, PageFile)))
	for _, want := range []string{
		`<a href="#tests">Paired tests</a>`,
		// a against b on the test loss: six wins, median −1, p = 2/2^6
		`<tr><td class="text">a</td><td class="text">b</td><td class="text">test_loss</td><td>6</td><td>6</td><td>0</td><td>0</td><td>-1</td><td>0.03125</td>`,
		// a against c: repeat 3 left out, p = 0.5
		`<tr><td class="text">a</td><td class="text">c</td><td class="text">test_loss</td><td>5</td><td>2</td><td>1</td><td>2</td><td>0</td><td>0.5</td>`,
		"<h3>Ranks of 3 paired runs on test_loss</h3>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, `<td class="text">d</td><td class="text">`) {
		t.Error("run d, paired with none, has a row")
	}
	read, err := ReadResults(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Redraw(dir, exp, read); err != nil {
		t.Fatal(err)
	}
	if again := string(readFile(t, filepath.Join(dir, PageFile))); again != page {
		t.Error("nnexp plot's page differs from nnexp run's")
	}
	// A paired.csv gone since is not "no two runs are paired".
	if err := os.Remove(filepath.Join(dir, "paired.csv")); err != nil {
		t.Fatal(err)
	}
	if _, err := Redraw(dir, exp, read); err != nil {
		t.Fatal(err)
	}
	if again := string(readFile(t, filepath.Join(dir, PageFile))); !strings.Contains(again, "could not be read back (paired.csv: no such file or directory)") || strings.Contains(again, dir) || strings.Contains(again, "No two runs are paired") {
		t.Error("a page redrawn without paired.csv does not say the file is missing")
	}
	// A folder in its place opens but cannot be read; an empty file has
	// no header. Each is named as a file, without the folder's path.
	for _, c := range []struct {
		make func(string) error
		want string
	}{
		{func(p string) error { return os.Mkdir(p, 0o755) }, "(paired.csv: is a directory)"},
		{func(p string) error { os.Remove(p); return os.WriteFile(p, nil, 0o644) }, "(paired.csv is empty)"},
	} {
		if err := c.make(filepath.Join(dir, "paired.csv")); err != nil {
			t.Fatal(err)
		}
		if _, err := Redraw(dir, exp, read); err != nil {
			t.Fatal(err)
		}
		if again := string(readFile(t, filepath.Join(dir, PageFile))); !strings.Contains(again, c.want) || strings.Contains(again, dir) {
			t.Errorf("the page redrawn with a bad paired.csv lacks %q, or names the folder", c.want)
		}
	}

	// Runs that pair with none get a word on why, not an empty table.
	exp, results := fixture()
	dir = t.TempDir()
	if _, err := WriteOutputs(dir, exp, results); err != nil {
		t.Fatal(err)
	}
	if page := string(readFile(t, filepath.Join(dir, PageFile))); !strings.Contains(page, "No two runs are paired") {
		t.Error("a page of unpaired runs does not say they are not paired")
	}
}
