package dsl_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/plan"
)

// fuzzSeedFiles are the experiment files whose contents seed FuzzLoad: every
// valid and invalid test file and the shipped comparison.
func fuzzSeedFiles(f *testing.F) []string {
	var files []string
	for _, pattern := range []string{"testdata/valid/*.hcl", "testdata/invalid/*.hcl", "../experiments/*.hcl"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 30 {
		f.Fatalf("found only %d seed files", len(files))
	}
	return files
}

// fuzzDataDir returns a temporary folder holding every data file and folder
// the test experiments refer to, so that the seeds' relative CSV paths load
// the same data as in the golden tests.
func fuzzDataDir(f *testing.F) string {
	dir := f.TempDir()
	for _, src := range []string{"testdata/valid", "testdata/invalid", "testdata/idx"} {
		entries, err := os.ReadDir(src)
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".hcl") || strings.HasSuffix(e.Name(), ".golden") {
				continue
			}
			if e.IsDir() {
				if err := os.CopyFS(filepath.Join(dir, e.Name()), os.DirFS(filepath.Join(src, e.Name()))); err != nil {
					f.Fatal(err)
				}
				continue
			}
			raw, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, e.Name()), raw, 0o644); err != nil {
				f.Fatal(err)
			}
		}
	}
	return dir
}

// mayReachOutside reports whether src could make the loader open a file
// outside the fuzz folder. A data file is read only through a path, images
// or labels attribute, and one names something outside the folder only if
// it holds a slash. The
// evaluation context has no functions, so every string comes from the
// literal text of a quoted string or a heredoc; inputs where such text holds
// a slash or an escape (\u002f) are skipped, so the fuzzer never reads
// /dev/zero, a FIFO or a huge file. Comments may hold anything.
func mayReachOutside(src []byte) bool {
	if !bytes.Contains(src, []byte("path")) && !bytes.Contains(src, []byte("images")) && !bytes.Contains(src, []byte("labels")) {
		return false
	}
	tokens, _ := hclsyntax.LexConfig(src, "fuzz.hcl", hcl.InitialPos)
	for _, tok := range tokens {
		if (tok.Type == hclsyntax.TokenQuotedLit || tok.Type == hclsyntax.TokenStringLit) && bytes.ContainsAny(tok.Bytes, `/\`) {
			return true
		}
	}
	return false
}

// FuzzLoad feeds arbitrary bytes to Loader.Load as an experiment file, and
// plans what decodes cleanly, as nnexp run does. Neither may panic; an
// experiment without error diagnostics must be complete (every run has its
// dataset, model, loss and pipeline) and a plan without them runnable (the
// model fits the data, the loss its task); every diagnostic must point at
// a place in the file; and loading the same bytes twice must give the same
// diagnostics.
//
// Two diagnostics legitimately have no place, and Load with no --var
// overrides gives neither: LoadFile's "Cannot read experiment file" (there
// is no source to point into) and "Undeclared variable" for a --var naming
// no variable (the mistake is on the command line).
//
// Run it with: go test ./dsl -run '^$' -fuzz FuzzLoad -fuzztime 60s
func FuzzLoad(f *testing.F) {
	for _, path := range fuzzSeedFiles(f) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	// HCL the test files do not use, for the fuzzer to splice in.
	for _, src := range []string{
		"experiment \"x\" {\n  seed = 1 / 0\n  repeats = null\n  description = <<EOT\n  ${var.v} %{ if true }y%{ endif }\nEOT\n}\nvariable \"v\" {\n  default = [for x in [1, 2]: x * 2][0]\n}\n",
		"model \"m\" {\n  hidden = [for i in [1, 2] : i]\n  activation = [\"relu\", null]\n  init {\n    weights = {lo = -1, hi = 1}\n    biases = [-1e999999, 1]\n  }\n}\n",
		"pipeline \"p\" {\n  optimizer \"hybrid\" {\n    search {\n      iterations = true ? 1 : null\n    }\n    adam {\n      plateau {\n        factor = -0.5\n      }\n    }\n  }\n}\nrun \"r\" {\n  dataset = dataset.d[0]\n  model = model.*.m\n  loss = loss\n  pipeline = pipeline.p\n}\n",
		"dataset \"d\" {\n  source = \"idx\"\n  images = \"images.idx\"\n  labels = \"labels.idx.gz\"\n  scale = 1 / 255\n  test {\n    images = \"test-images.idx.gz\"\n    labels = \"test-labels.idx\"\n  }\n}\nmodel \"m\" {\n  hidden = [2]\n}\npipeline \"p\" {\n  optimizer \"search\" {\n    iterations = 1\n  }\n}\nrun \"r\" {\n  dataset = dataset.d\n  model = model.m\n  loss = \"cross_entropy\"\n  pipeline = pipeline.p\n}\n",
		"dataset \"d\" {\n  source = \"csv\"\n  path = \"toy.csv\"\n  target = \"c\"\n  task = \"classification\"\n  test_fraction = 0.5\n  standardize = \"true\"\n}\nplot \"x\" {\n  type = \"final_loss\"\n  runs = run.r\n  file = \"x.png\"\n}\n",
	} {
		f.Add([]byte(src))
	}
	dir := fuzzDataDir(f)
	filename := filepath.Join(dir, "fuzz.hcl")

	f.Fuzz(func(t *testing.T, src []byte) {
		if mayReachOutside(src) {
			t.Skip("may name a file outside the fuzz folder")
		}
		// A fresh loader each time: a Loader caches files by name.
		l := dsl.NewLoader()
		exp, diags := l.Load(filename, src, nil)
		// Printing with source snippets must cope with every range.
		if err := l.WriteDiagnostics(io.Discard, diags, 80, false); err != nil {
			t.Fatalf("writing diagnostics: %v", err)
		}
		for _, d := range diags {
			checkPlace(t, d, filename, src)
		}
		if diags.HasErrors() {
			if exp != nil {
				t.Fatalf("an experiment despite errors:\n%s", compact(diags))
			}
		} else {
			checkExperiment(t, exp)
			// What nnexp run does next: the data's problems must be
			// diagnostics at places in the file too.
			p, pdiags := plan.Resolve(exp)
			if err := l.WriteDiagnostics(io.Discard, pdiags, 80, false); err != nil {
				t.Fatalf("writing plan diagnostics: %v", err)
			}
			for _, d := range pdiags {
				checkPlace(t, d, filename, src)
			}
			if pdiags.HasErrors() {
				if p != nil {
					t.Fatalf("a plan despite errors:\n%s", compact(pdiags))
				}
			} else {
				checkPlan(t, exp, p)
			}
		}

		_, again := dsl.NewLoader().Load(filename, src, nil)
		if a, b := compact(diags), compact(again); a != b {
			t.Fatalf("diagnostics differ between two loads:\n%s\nthen:\n%s", a, b)
		}
	})
}

// checkPlace fails unless d has a position within src.
func checkPlace(t *testing.T, d *hcl.Diagnostic, filename string, src []byte) {
	t.Helper()
	s := d.Subject
	if s == nil {
		t.Fatalf("diagnostic without a position: %s", dsl.Compact(d))
	}
	if s.Filename != filename {
		t.Fatalf("diagnostic in file %q, want %q: %s", s.Filename, filename, dsl.Compact(d))
	}
	lines := bytes.Count(src, []byte("\n")) + 1
	for _, p := range []hcl.Pos{s.Start, s.End} {
		if p.Line < 1 || p.Line > lines || p.Column < 1 || p.Byte < 0 || p.Byte > len(src) {
			t.Fatalf("position %d:%d (byte %d) outside the %d-line, %d-byte file: %s", p.Line, p.Column, p.Byte, lines, len(src), dsl.Compact(d))
		}
	}
	if s.End.Byte < s.Start.Byte {
		t.Fatalf("range ends before it starts: %s", dsl.Compact(d))
	}
}

// checkExperiment fails unless exp is a complete description: every run
// has its dataset, model, loss and pipeline, and every plot names runs of
// the file and a file of its own.
func checkExperiment(t *testing.T, exp *dsl.Experiment) {
	t.Helper()
	if exp == nil {
		t.Fatal("no experiment and no error")
	}
	if exp.Name == "" || exp.Repeats < 1 {
		t.Fatalf("experiment %q with %d repeats", exp.Name, exp.Repeats)
	}
	if len(exp.Runs) == 0 {
		t.Fatal("no runs and no error")
	}
	runs := map[string]bool{}
	for _, r := range exp.Runs {
		if r.Dataset == nil || r.Model == nil || r.Loss == nil || r.Pipeline == nil || r.ModelAt == nil || r.LossAt == nil {
			t.Fatalf("run %q: dataset %v model %v loss %v pipeline %v", r.Name, r.Dataset, r.Model, r.Loss, r.Pipeline)
		}
		if runs[r.Name] {
			t.Fatalf("two runs named %q", r.Name)
		}
		runs[r.Name] = true
		if r.Repeats < 1 || r.LossName == "" || len(r.Pipeline.Stages) == 0 {
			t.Fatalf("run %q: %d repeats, loss %q, %d stages", r.Name, r.Repeats, r.LossName, len(r.Pipeline.Stages))
		}
		for _, st := range r.Pipeline.Stages {
			if st == nil || st.Config == nil || st.Optimizer == "" {
				t.Fatalf("run %q: stage %+v", r.Name, st)
			}
		}
		m := r.Model
		if len(m.Activations) != len(m.Hidden) || len(m.ActivationNames) != len(m.Hidden) {
			t.Fatalf("run %q: %d hidden layers, %d activations", r.Name, len(m.Hidden), len(m.Activations))
		}
		if ds := r.Dataset; ds.SourceAt == nil || (ds.Source == "csv") != (ds.PathAt != nil) {
			t.Fatalf("run %q: dataset %+v", r.Name, ds)
		}
	}
	files := map[string]bool{}
	for _, p := range exp.Plots {
		for _, name := range p.Runs {
			if !runs[name] {
				t.Fatalf("plot %q names run %q, which is not in the experiment", p.Name, name)
			}
		}
		if p.File == "" || p.File != filepath.Base(p.File) || files[p.File] {
			t.Fatalf("plot %q writes %q (plots so far: %v)", p.Name, p.File, files)
		}
		files[p.File] = true
	}
}

// checkPlan fails unless p is what a runner can use as it is: every run
// has data, and its model fits the data and its loss the data's task.
func checkPlan(t *testing.T, exp *dsl.Experiment, p *plan.Plan) {
	t.Helper()
	if p == nil || len(p.Runs) != len(exp.Runs) {
		t.Fatalf("plan %+v for %d runs", p, len(exp.Runs))
	}
	for _, r := range p.Runs {
		for _, d := range []*nn.Data{r.Dataset.Train, r.Dataset.Test} {
			if d == nil {
				continue
			}
			if d.Rows < 1 || d.Inputs < 1 || len(d.X) != d.Rows*d.Inputs || len(d.Y) != d.Rows*d.TargetDim {
				t.Fatalf("run %q: data %d x %d with %d X and %d Y values", r.Name, d.Rows, d.Inputs, len(d.X), len(d.Y))
			}
		}
		if r.Dataset.Train == nil {
			t.Fatalf("run %q: no training data", r.Name)
		}
		m := r.Model
		if _, err := nn.NewMLP(r.Dataset.Train.Inputs, m.Hidden, m.Activations, r.Dataset.Train.Outputs()); err != nil {
			t.Fatalf("run %q: model does not fit: %v", r.Name, err)
		}
		if nn.LossTask(r.Loss) != r.Dataset.Train.Task {
			t.Fatalf("run %q: loss for %v on %v data", r.Name, nn.LossTask(r.Loss), r.Dataset.Train.Task)
		}
	}
}

// TestDiagnosticsAtOnePlaceAreOrdered pins the first bug FuzzLoad found:
// gohcl reports a hybrid optimizer's missing search and adam blocks at the
// same place in map order, so two loads of one file printed them in
// different orders.
func TestDiagnosticsAtOnePlaceAreOrdered(t *testing.T) {
	src := []byte("pipeline \"p\" {\n  optimizer \"hybrid\" {}\n}\n")
	first := compact(loadDiagnostics(src))
	if !strings.Contains(first, "Missing adam block") || strings.Index(first, "Missing adam block") > strings.Index(first, "Missing search block") {
		t.Fatalf("want both missing blocks, adam first:\n%s", first)
	}
	for range 50 {
		if got := compact(loadDiagnostics(src)); got != first {
			t.Fatalf("diagnostics differ between loads:\n%s\nthen:\n%s", first, got)
		}
	}
}

func loadDiagnostics(src []byte) hcl.Diagnostics {
	_, diags := dsl.NewLoader().Load("order.hcl", src, nil)
	return diags
}
