package report

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/nnexp/nnexp/runner"
)

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names // os.ReadDir sorts by name
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pngSize(t *testing.T, path string) (int, int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(readFile(t, path)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	return b.Dx(), b.Dy()
}

func TestWriteOutputs(t *testing.T) {
	exp, results := fixture()
	exp.Plots = []*Plot{
		{Name: "only_a", Type: "final_loss", Runs: []string{"a"}, File: "only_a.png", LogY: true},
		{Name: "b_log", Type: "history", Runs: []string{"b"}, File: "b_log.png", LogY: true},
	}
	dir := filepath.Join(t.TempDir(), "nested", "out")
	files, err := WriteOutputs(dir, exp, results)
	if err != nil {
		t.Fatal(err)
	}

	wantOrder := []string{"history.csv", "summary.csv", "summary_stats.csv", "paired.csv", "ranks.csv", "history.png", "history_a.png", "history_b.png",
		"test_loss.png", "final_loss.png", "only_a.png", "b_log.png", "demo.hcl", "vars.hcl", "report.html"}
	var got []string
	for _, f := range files {
		if filepath.Dir(f) != dir {
			t.Errorf("returned path %s is not in %s", f, dir)
		}
		got = append(got, filepath.Base(f))
	}
	if !slices.Equal(got, wantOrder) {
		t.Errorf("returned files\n%q, want\n%q", got, wantOrder)
	}
	// The exact set on disk: also no temporary file is left behind.
	want := slices.Sorted(slices.Values(wantOrder))
	if names := dirNames(t, dir); !slices.Equal(names, want) {
		t.Errorf("folder holds\n%q, want\n%q", names, want)
	}

	if got := string(readFile(t, filepath.Join(dir, "history.csv"))); got != wantHistoryCSV {
		t.Errorf("history.csv:\n%s\nwant:\n%s", got, wantHistoryCSV)
	}
	if got := string(readFile(t, filepath.Join(dir, "summary.csv"))); got != wantSummaryCSV {
		t.Errorf("summary.csv:\n%s\nwant:\n%s", got, wantSummaryCSV)
	}
	if got := readFile(t, filepath.Join(dir, "demo.hcl")); !bytes.Equal(got, exp.Source) {
		t.Errorf("experiment copy is %q, want %q", got, exp.Source)
	}

	sizes := map[string][2]int{
		"history.png":    {8 * dpi, 5 * dpi},
		"history_a.png":  {8 * dpi, 5 * dpi},
		"history_b.png":  {8 * dpi, 5 * dpi},
		"test_loss.png":  {8 * dpi, 5 * dpi},
		"b_log.png":      {8 * dpi, 5 * dpi},
		"final_loss.png": {6 * dpi, 5 * dpi}, // two short labels: the minimum width
		"only_a.png":     {6 * dpi, 5 * dpi},
	}
	for name, size := range sizes {
		if w, h := pngSize(t, filepath.Join(dir, name)); w != size[0] || h != size[1] {
			t.Errorf("%s is %dx%d pixels, want %dx%d", name, w, h, size[0], size[1])
		}
	}
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o644 {
			t.Errorf("%s has mode %v, want 0644", f, perm)
		}
	}
}

func TestWriteOutputsVarsHCL(t *testing.T) {
	exp, results := fixture()
	dir := t.TempDir()
	if _, err := WriteOutputs(dir, exp, results); err != nil {
		t.Fatal(err)
	}
	src := readFile(t, filepath.Join(dir, "vars.hcl"))
	f, diags := hclparse.NewParser().ParseHCL(src, "vars.hcl")
	if diags.HasErrors() {
		t.Fatalf("vars.hcl does not parse: %v\n%s", diags, src)
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		t.Fatalf("vars.hcl: %v", diags)
	}
	if len(attrs) != len(exp.Vars) {
		t.Errorf("vars.hcl has %d attributes, want %d:\n%s", len(attrs), len(exp.Vars), src)
	}
	for name, text := range exp.Vars {
		attr, ok := attrs[name]
		if !ok {
			t.Errorf("vars.hcl lacks %s", name)
			continue
		}
		got, diags := attr.Expr.Value(nil)
		if diags.HasErrors() {
			t.Errorf("%s: %v", name, diags)
			continue
		}
		if want := hclValue(t, text); !got.RawEquals(want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	// Sorted by name, after the header.
	var order []string
	for _, line := range strings.Split(string(src), "\n") {
		if name, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, " ") {
			order = append(order, strings.TrimSpace(name))
		}
	}
	if want := []string{"hidden", "label", "lr", "opts"}; !slices.Equal(order, want) {
		t.Errorf("attribute order %q, want %q", order, want)
	}
	if !strings.HasPrefix(string(src), "# ") || !strings.Contains(string(src), "nnexp run demo.hcl --out . --var ") {
		t.Errorf("vars.hcl header does not give the re-run command:\n%s", src)
	}
}

func hclValue(t *testing.T, text string) cty.Value {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(text), "", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%q: %v", text, diags)
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		t.Fatalf("%q: %v", text, diags)
	}
	return v
}

func TestWriteOutputsNoVariables(t *testing.T) {
	exp, results := fixture()
	exp.Vars = nil
	dir := t.TempDir()
	if _, err := WriteOutputs(dir, exp, results); err != nil {
		t.Fatal(err)
	}
	src := string(readFile(t, filepath.Join(dir, "vars.hcl")))
	want := "# demo.hcl declares no variables. To re-run it from this folder:\n#   nnexp run demo.hcl --out .\n"
	if src != want {
		t.Errorf("vars.hcl is\n%q, want\n%q", src, want)
	}
}

// A plot block writing a default file name replaces the default plot:
// one file, drawn from the block.
func TestPlotBlockReplacesDefault(t *testing.T) {
	exp, results := fixture()
	defaultDir, againDir, replacedDir := t.TempDir(), t.TempDir(), t.TempDir()
	if _, err := WriteOutputs(defaultDir, exp, results); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteOutputs(againDir, exp, results); err != nil {
		t.Fatal(err)
	}
	exp.Plots = []*Plot{
		{Name: "history", Type: "history", File: "history.png", Title: "Custom title"},
		{Name: "history_b", Type: "final_loss", File: "history_b.png"},
	}
	files, err := WriteOutputs(replacedDir, exp, results)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, f := range files {
		count[filepath.Base(f)]++
	}
	if len(files) != 13 || count["history.png"] != 1 || count["history_b.png"] != 1 {
		t.Errorf("wrote %q, want each default once", files)
	}
	if names := dirNames(t, replacedDir); !slices.Equal(names, dirNames(t, defaultDir)) {
		t.Errorf("files %q, want the defaults' %q", names, dirNames(t, defaultDir))
	}

	// Drawing is deterministic, so a different file means a different plot.
	for _, name := range []string{"history.png", "history_a.png", "final_loss.png", "history.csv", "summary.csv", "summary_stats.csv", "paired.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(defaultDir, name)), readFile(t, filepath.Join(againDir, name))) {
			t.Errorf("%s differs between two identical calls", name)
		}
	}
	for _, name := range []string{"history.png", "history_b.png"} {
		if bytes.Equal(readFile(t, filepath.Join(defaultDir, name)), readFile(t, filepath.Join(replacedDir, name))) {
			t.Errorf("%s is the default plot, not the plot block's", name)
		}
	}
	if !bytes.Equal(readFile(t, filepath.Join(defaultDir, "history_a.png")), readFile(t, filepath.Join(replacedDir, "history_a.png"))) {
		t.Error("history_a.png changed though no plot block names it")
	}

	outs, err := planOutputs(exp, results, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if o.name != "history.png" {
			continue
		}
		p, _, _, err := o.chart()
		if err != nil {
			t.Fatal(err)
		}
		if p.Title.Text != "Custom title" {
			t.Errorf("history.png title %q, want the block's", p.Title.Text)
		}
	}
}

func TestPlotBlockDefaultTitle(t *testing.T) {
	exp, results := fixture()
	exp.Plots = []*Plot{{Name: "x", Type: "final_loss", Runs: []string{"b", "a"}, File: "x.png"}}
	outs, err := planOutputs(exp, results, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if o.name == "x.png" {
			p, _, _, err := o.chart()
			if err != nil {
				t.Fatal(err)
			}
			if want := "demo: final training loss (b, a)"; p.Title.Text != want {
				t.Errorf("title %q, want %q", p.Title.Text, want)
			}
			return
		}
	}
	t.Fatal("no output x.png")
}

func TestWriteOutputsDuplicateFile(t *testing.T) {
	exp, results := fixture()
	exp.Plots = []*Plot{
		{Name: "one", Type: "history", File: "same.png"},
		{Name: "two", Type: "final_loss", File: "same.png"},
	}
	dir := filepath.Join(t.TempDir(), "out")
	files, err := WriteOutputs(dir, exp, results)
	if err == nil || !strings.HasPrefix(err.Error(), "report: ") || !strings.Contains(err.Error(), "same.png") {
		t.Fatalf("err = %v, want a report error naming same.png", err)
	}
	if len(files) != 0 {
		t.Errorf("wrote %q before finding the clash", files)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("created %s before finding the clash", dir)
	}
}

func TestWriteOutputsUnwritableDir(t *testing.T) {
	exp, results := fixture()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := WriteOutputs(filepath.Join(file, "out"), exp, results)
	if err == nil || !strings.HasPrefix(err.Error(), "report: ") {
		t.Fatalf("err = %v, want one starting \"report: \"", err)
	}
	if strings.Count(err.Error(), "report: ") != 1 {
		t.Errorf("err %q repeats the prefix", err)
	}
	if len(files) != 0 {
		t.Errorf("files = %q, want none", files)
	}
}

// An error part way keeps the files written before it and reports the
// file that failed.
func TestWriteOutputsWritesTheRestAfterAnError(t *testing.T) {
	exp, results := fixture()
	exp.Plots = []*Plot{{Name: "bad", Type: "history", Runs: []string{"nope"}, File: "bad.png"}}
	dir := t.TempDir()
	files, err := WriteOutputs(dir, exp, results)
	if err == nil || !strings.HasPrefix(err.Error(), "report: writing bad.png: ") || strings.Count(err.Error(), "report: ") != 1 {
		t.Fatalf("err = %v", err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if len(files) != 13 || names[9] != "final_loss.png" || slices.Contains(names, "bad.png") || names[11] != "vars.hcl" || names[12] != PageFile {
		t.Errorf("files = %q, want the ten before bad.png, the experiment copy, vars.hcl and the page", names)
	}
	if on := dirNames(t, dir); len(on) != 13 {
		t.Errorf("folder holds %q, want the thirteen files written and no temporary", on)
	}
}

// Runs whose every job lost its loss get no bar but the plot is drawn.
func TestWriteOutputsAllNaN(t *testing.T) {
	exp, results := fixture()
	for i := range results {
		results[i].TrainLoss = nan
		results[i].Status = runner.StatusDiverged
		for j := range results[i].History {
			results[i].History[j].TrainLoss = nan
		}
	}
	exp.Plots = []*Plot{{Name: "log", Type: "final_loss", File: "log.png", LogY: true}}
	dir := t.TempDir()
	if _, err := WriteOutputs(dir, exp, results); err != nil {
		t.Fatal(err)
	}
	if w, h := pngSize(t, filepath.Join(dir, "final_loss.png")); w != 6*dpi || h != 5*dpi {
		t.Errorf("final_loss.png is %dx%d", w, h)
	}
}

func TestWriteOutputsNoFilename(t *testing.T) {
	exp, results := fixture()
	exp.Filename, exp.Name = "", ""
	dir := t.TempDir()
	if _, err := WriteOutputs(dir, exp, results); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(dirNames(t, dir), "demo.hcl") {
		t.Error("wrote an experiment copy without a file name")
	}
	if src := string(readFile(t, filepath.Join(dir, "vars.hcl"))); !strings.Contains(src, "nnexp run FILE --out . --var") {
		t.Errorf("vars.hcl header:\n%s", src)
	}
}

// A run may be called test: its own plot is history_test.png, and the
// test-loss plot of a test split is test_loss.png, so the two never meet
// (they once shared a name, and the outputs failed after every job had
// trained).
func TestRunNamedTestHasItsOwnPlot(t *testing.T) {
	exp, results := fixture()
	for i := range results {
		if results[i].RunName == "b" {
			results[i].RunName = "test"
		}
	}
	files, err := WriteOutputs(t.TempDir(), exp, results)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	for _, want := range []string{"history_test.png", "test_loss.png"} {
		if !slices.Contains(names, want) {
			t.Errorf("outputs %v lack %s", names, want)
		}
	}
}

// A classifier with a test split gets test_accuracy.png after
// test_loss.png, and nnexp plot draws the same one from history.csv.
func TestTestAccuracyPlot(t *testing.T) {
	exp, results := fixture()
	for i := range results {
		for k := range results[i].History {
			h := &results[i].History[k]
			h.TrainAccuracy, h.TestAccuracy = 0.5+0.1*float64(k), 0.4+0.1*float64(k)
		}
	}
	dir := t.TempDir()
	files, err := WriteOutputs(dir, exp, results)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	at := slices.Index(names, "test_accuracy.png")
	if at < 0 || names[at-1] != "test_loss.png" {
		t.Fatalf("wrote %q, want test_accuracy.png after test_loss.png", names)
	}
	read, err := ReadResults(dir)
	if err != nil {
		t.Fatal(err)
	}
	again := t.TempDir()
	if _, err := WritePlots(again, exp.Name, exp.Plots, read); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, filepath.Join(dir, "test_accuracy.png")), readFile(t, filepath.Join(again, "test_accuracy.png"))) {
		t.Error("test_accuracy.png redrawn from the CSVs differs")
	}
	// A regression's records have no accuracy: no such plot.
	exp, results = fixture()
	files, err = WriteOutputs(t.TempDir(), exp, results)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if filepath.Base(f) == "test_accuracy.png" {
			t.Error("a regression got test_accuracy.png")
		}
	}
}
