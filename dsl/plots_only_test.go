package dsl_test

import (
	"strings"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/zclconf/go-cty/cty"
)

// The data set and pipeline here could not load (no such file, no such
// optimizer); LoadPlots must not look at them.
const plotsSrc = `experiment "e" {
  seed = var.seed
}

variable "seed" {}

variable "title" {
  default = "T"
}

dataset "d" {
  source = "csv"
  path   = "does_not_exist.csv"
}

pipeline "p" {
  optimizer "no_such_optimizer" {}
}

run "first" {
  dataset  = dataset.d
  model    = model.missing
  loss     = "mse"
  pipeline = pipeline.p
}

run "second" {
  dataset  = dataset.d
  model    = model.missing
  loss     = "mse"
  pipeline = pipeline.p
}

plot "mine" {
  type  = "final_loss"
  runs  = [run.second, run.first]
  title = var.title
  log_y = true
}

plot "history" {
  type = "history"
  file = "history.png"
}
`

func TestLoadPlots(t *testing.T) {
	pf, diags := dsl.NewLoader().LoadPlots("e.hcl", []byte(plotsSrc), map[string]cty.Value{
		"seed": cty.NumberIntVal(3), "title": cty.StringVal("From vars"),
	})
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	if pf.Name != "e" || strings.Join(pf.Runs, ",") != "first,second" || len(pf.Plots) != 2 {
		t.Fatalf("got %+v", pf)
	}
	p := pf.Plots[0]
	if p.Name != "mine" || p.Type != "final_loss" || strings.Join(p.Runs, ",") != "second,first" ||
		p.Title != "From vars" || !p.LogY || p.File != "mine.png" {
		t.Errorf("plot %+v", p)
	}
	if pf.Plots[1].File != "history.png" || len(pf.Plots[1].Runs) != 0 {
		t.Errorf("plot %+v", pf.Plots[1])
	}
}

func TestLoadPlotsMistakes(t *testing.T) {
	src := strings.Replace(plotsSrc, "[run.second, run.first]", "[run.secnod]", 1)
	src = strings.Replace(src, `type = "history"`, `type = "histogram"`, 1)
	_, diags := dsl.NewLoader().LoadPlots("e.hcl", []byte(src), nil)
	got := compact(diags)
	for _, want := range []string{
		`e.hcl:5:1: error: Variable has no value`,
		`error: Reference to undeclared run: No run block named "secnod" is declared in this file. Did you mean run.second?`,
		`error: Unknown plot type`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if _, diags := dsl.NewLoader().LoadPlots("e.hcl", []byte("plot \"x\" {"), nil); !diags.HasErrors() {
		t.Errorf("a syntax error gave no diagnostic")
	}
}
