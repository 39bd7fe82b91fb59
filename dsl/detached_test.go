package dsl_test

import (
	"strings"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/zclconf/go-cty/cty"
)

// detachedSrc names a data file that does not exist and a data set,
// activation, loss and optimizer this binary does not register, as the
// copy of an experiment run by a custom binary on another machine may.
const detachedSrc = `experiment "e" {
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

dataset "mine" {
  source = "my_data"
}

model "m" {
  hidden     = [2]
  activation = "my_activation"
}

loss "l" {
  type  = "my_loss"
  scale = 2
}

pipeline "p" {
  optimizer "no_such_optimizer" {
    sigma = 0.3
  }
  optimizer "search" {
    iterations = 2
  }
}

run "first" {
  dataset  = dataset.d
  model    = model.m
  loss     = loss.l
  pipeline = pipeline.p
}

run "second" {
  dataset  = dataset.mine
  model    = model.m
  loss     = "my_other_loss"
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

func detached() *dsl.Loader {
	l := dsl.NewLoader()
	l.Detached = true
	return l
}

// nnexp plot reads an output folder's copy of the experiment detached:
// the data and the unregistered names are taken as written.
func TestDetachedNeedsNeitherDataNorRegistry(t *testing.T) {
	vars := map[string]cty.Value{"seed": cty.NumberIntVal(3), "title": cty.StringVal("From vars")}
	exp, diags := detached().Load("e.hcl", []byte(detachedSrc), vars)
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	if exp.Name != "e" || len(exp.Runs) != 2 || len(exp.Plots) != 2 {
		t.Fatalf("got %+v", exp)
	}
	p := exp.Plots[0]
	if p.Name != "mine" || p.Type != "final_loss" || strings.Join(p.Runs, ",") != "second,first" ||
		p.Title != "From vars" || !p.LogY || p.File != "mine.png" {
		t.Errorf("plot %+v", p)
	}
	if exp.Plots[1].File != "history.png" || len(exp.Plots[1].Runs) != 0 {
		t.Errorf("plot %+v", exp.Plots[1])
	}
	st := exp.Runs[0].Pipeline.Stages
	if len(st) != 2 || st[0].Optimizer != "no_such_optimizer" || st[0].Config != nil || st[1].Config == nil {
		t.Errorf("stages %+v", st)
	}

	// The same file, attached, is checked against the registry and the disk.
	_, diags = dsl.NewLoader().Load("e.hcl", []byte(detachedSrc), vars)
	got := compact(diags)
	for _, want := range []string{
		`Cannot read CSV file`, `Unknown dataset`, `Unknown activation`, `Unknown loss: unknown loss "my_loss"`,
		`Unknown loss: unknown loss "my_other_loss"`, `Unknown optimizer`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("attached diagnostics lack %q:\n%s", want, got)
		}
	}
}

// Detached is still the whole decoder: the file's own mistakes are errors.
func TestDetachedReportsTheFilesMistakes(t *testing.T) {
	src := strings.Replace(detachedSrc, "[run.second, run.first]", "[run.secnod]", 1)
	src = strings.Replace(src, `type = "history"`, `type = "histogram"`, 1)
	src = strings.Replace(src, `iterations = 2`, `iterations = 0`, 1)
	_, diags := detached().Load("e.hcl", []byte(src), nil)
	got := compact(diags)
	for _, want := range []string{
		`e.hcl:5:1: error: Variable has no value`,
		`error: Reference to undeclared run: No run block named "secnod" is declared in this file. Did you mean run.second?`,
		`error: Unknown plot type`,
		`error: Invalid iterations`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if _, diags := detached().Load("e.hcl", []byte("plot \"x\" {"), nil); !diags.HasErrors() {
		t.Errorf("a syntax error gave no diagnostic")
	}
}
