package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// customMain is a user's custom binary: its own optimizer, registered in
// the main package, plus the built-ins. STEP is replaced by the test to
// change the algorithm between builds.
const customMain = `package main

import (
	"github.com/nnexp/nnexp/cli"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"

	_ "github.com/nnexp/nnexp/builtin"
)

type config struct{}

func (*config) Method() optimize.Method { return &nudge{} }

// nudge moves the first parameter by STEP once and keeps the move if it helps.
type nudge struct{ p optimize.Problem }

func (n *nudge) Init(p optimize.Problem, _ *optimize.Location, _ optimize.Env) error {
	n.p = p
	return nil
}

func (n *nudge) Step(loc *optimize.Location) (optimize.Status, error) {
	old := loc.X[0]
	loc.X[0] += STEP
	if f := n.p.Func(loc.X); f < loc.F {
		loc.F = f
	} else {
		loc.X[0] = old
	}
	return optimize.IterationLimit, nil
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "nudge",
		Doc:  "test optimizer",
		New:  func() registry.OptimizerConfig { return &config{} },
	})
}

func main() { cli.Main() }
`

const customExperiment = `experiment "custom" {}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "nudge" {}
}
run "nudge" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`

// TestRebuiltBinaryRerunsChangedCode is the user's path to stale results:
// change your optimizer, rebuild your binary, run into the same folder.
// The changed build must run the job again (and say why); rebuilding the
// same source must reuse it.
func TestRebuiltBinaryRerunsChangedCode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a custom binary three times")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(mod, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/custom\n\ngo 1.26\n\nrequire github.com/nnexp/nnexp v0.0.0\n\nreplace github.com/nnexp/nnexp => "+root+"\n")
	write("go.sum", string(sum))
	write("custom.hcl", customExperiment)

	bins := t.TempDir()
	build := func(step, name string) string {
		t.Helper()
		write("main.go", strings.ReplaceAll(customMain, "STEP", step))
		bin := filepath.Join(bins, name)
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		return bin
	}
	out := t.TempDir()
	run := func(bin string) string {
		t.Helper()
		cmd := exec.Command(bin, "run", "custom.hcl", "--out", out, "--parallel", "1")
		cmd.Dir = mod
		text, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s run: %v\n%s", filepath.Base(bin), err, text)
		}
		return string(text)
	}

	if got := run(build("0.5", "first")); !strings.Contains(got, "0 up to date, 1 to run") {
		t.Fatalf("first run:\n%s", got)
	}
	if got := run(build("0.5", "same")); !strings.Contains(got, "1 up to date, 0 to run") {
		t.Errorf("the same source rebuilt did not reuse the job:\n%s", got)
	}
	changed := build("-0.5", "changed")
	got := run(changed)
	if !strings.Contains(got, "0 up to date, 1 to run") || !strings.Contains(got, "1 of them is stored from another build") {
		t.Errorf("the changed optimizer's build reused the old result, or did not say why it ran again:\n%s", got)
	}
	if got := run(changed); !strings.Contains(got, "1 up to date, 0 to run") {
		t.Errorf("the changed build does not reuse its own result:\n%s", got)
	}
}
