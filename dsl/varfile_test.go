package dsl_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/zclconf/go-cty/cty"
)

func TestParseVarFile(t *testing.T) {
	src := "# comment\nrate   = 0.1\nhidden = [5, 4]\nlabel  = \"it's\"\nopts   = { a = 1, b = \"x\" }\n"
	vals, diags := dsl.ParseVarFile("v.hcl", []byte(src))
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	want := map[string]cty.Value{
		"rate":   cty.NumberFloatVal(0.1),
		"hidden": cty.TupleVal([]cty.Value{cty.NumberIntVal(5), cty.NumberIntVal(4)}),
		"label":  cty.StringVal("it's"),
		"opts":   cty.ObjectVal(map[string]cty.Value{"a": cty.NumberIntVal(1), "b": cty.StringVal("x")}),
	}
	if len(vals) != len(want) {
		t.Errorf("got %d values, want %d: %v", len(vals), len(want), vals)
	}
	for name, w := range want {
		if got, ok := vals[name]; !ok || !got.Equals(w).True() {
			t.Errorf("%s = %#v, want %#v", name, got, w)
		}
	}

	json, diags := dsl.ParseVarFile("v.json", []byte(`{"rate": 0.1, "hidden": [5, 4]}`))
	if diags.HasErrors() || !json["rate"].Equals(cty.NumberFloatVal(0.1)).True() || json["hidden"].LengthInt() != 2 {
		t.Errorf("JSON variable file: %v %s", json, compact(diags))
	}
}

func TestParseVarFileMistakes(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"a = 1\nb = [1\n", "v.hcl:2:5: error: Unterminated tuple constructor"},
		{"a = 1\nb = var.a\n", "v.hcl:2:5: error: Variables not allowed"},
		{"a = 1\nb = max(1, 2)\n", "v.hcl:2:5: error: Function calls not allowed"},
		{"a = 1\nblock {}\n", `v.hcl:2:1: error: Unexpected "block" block: A variable file holds only name = value lines`},
		{"a = 1\na = 2\n", "v.hcl:2:1: error: Attribute redefined"},
	} {
		_, diags := dsl.ParseVarFile("v.hcl", []byte(c.src))
		if !diags.HasErrors() || !strings.HasPrefix(compact(diags), c.want) {
			t.Errorf("%q: diagnostics\n%s\nwant %q", c.src, compact(diags), c.want)
		}
	}
}

func TestLoadFileOverridesOrderAndUndeclared(t *testing.T) {
	dir := t.TempDir()
	vars := filepath.Join(dir, "v.hcl")
	if err := os.WriteFile(vars, []byte("steps = 4\nstpes = 9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := dsl.NewLoader()
	fromFile, diags := l.LoadVarFile(vars)
	if diags.HasErrors() || len(fromFile) != 2 || fromFile[0].Name != "steps" || fromFile[1].Name != "stpes" {
		t.Fatalf("LoadVarFile: %+v %s", fromFile, compact(diags))
	}
	overrides := append(fromFile, dsl.Override{Name: "stpes", Value: cty.NumberIntVal(3)})
	_, diags = l.LoadFileOverrides("testdata/valid/tiny.hcl", overrides)
	got := compact(diags)
	for _, want := range []string{
		vars + `:2:1: error: Undeclared variable: testdata/valid/tiny.hcl declares no variable "stpes", so this assignment has nothing to set. Did you mean "steps"?`,
		`error: Undeclared variable: The file declares no variable "stpes", so --var stpes has nothing to set. Did you mean "steps"?`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if len(diags) != 2 {
		t.Errorf("want 2 diagnostics:\n%s", got)
	}

	// Later overrides win.
	exp, diags := dsl.NewLoader().LoadFileOverrides("testdata/valid/tiny.hcl", []dsl.Override{
		{Name: "steps", Value: cty.NumberIntVal(3)},
		{Name: "steps", Value: cty.NumberIntVal(6)},
	})
	if diags.HasErrors() || exp.Vars["steps"] != "6" {
		t.Errorf("steps = %q, want 6: %s", exp.Vars["steps"], compact(diags))
	}
}

// TestParseVarRefusesBrokenExpressions: "[3," used to become the text
// "[3,"; a value that starts like an expression and does not parse is an
// error at the flag, while plain words stay text.
func TestParseVarRefusesBrokenExpressions(t *testing.T) {
	for _, arg := range []string{"hidden=[3,", "o={a = 1", `s="open`, "t=(1 +"} {
		if _, v, err := dsl.ParseVar(arg); err == nil || !strings.Contains(err.Error(), "does not parse") {
			t.Errorf("ParseVar(%q) = %#v, %v; want an error", arg, v, err)
		}
	}
	for arg, want := range map[string]string{"source=iris": "iris", "path=./d.csv": "./d.csv", "p=data/x.csv": "data/x.csv", "d=2024_sales.csv": "2024_sales.csv", "v=1.2.3": "1.2.3"} {
		if _, v, err := dsl.ParseVar(arg); err != nil || v.AsString() != want {
			t.Errorf("ParseVar(%q) = %#v, %v; want the text %q", arg, v, err, want)
		}
	}
	if _, v, err := dsl.ParseVar("lr=0.5"); err != nil || v.AsBigFloat().String() != "0.5" {
		t.Errorf("ParseVar(lr=0.5) = %#v, %v", v, err)
	}
}

// A value that is wrong where the file uses it says where it was given:
// the error is at the use (weight_steps = var.steps), the mistake in the
// flag or the variable file; a comma list for a variable that does not
// sweep gets a word on sweep = true.
func TestOverrideMistakeNamesItsSource(t *testing.T) {
	dir := t.TempDir()
	vars := filepath.Join(dir, "v.hcl")
	if err := os.WriteFile(vars, []byte("\nsteps = \"many\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := dsl.NewLoader()
	fromFile, diags := l.LoadVarFile(vars)
	if diags.HasErrors() {
		t.Fatal(compact(diags))
	}
	_, diags = l.LoadFileOverrides("testdata/valid/tiny.hcl", fromFile)
	if got, want := compact(diags), " var.steps is set in "+vars+" on line 2.\n"; !strings.HasSuffix(got, want) || !strings.HasPrefix(got, "testdata/valid/tiny.hcl:36:") {
		t.Errorf("diagnostics\n%s\nwant the use's line and ending %q", got, want)
	}
	_, diags = dsl.NewLoader().LoadFileOverrides("testdata/valid/tiny.hcl", []dsl.Override{
		{Name: "steps", Value: cty.StringVal("4,8"), Flag: "steps=4,8"},
	})
	want := " var.steps is set by --var steps=4,8. A comma-separated list runs each of its values only for a variable declared with sweep = true; steps is not.\n"
	if got := compact(diags); !strings.HasSuffix(got, want) {
		t.Errorf("diagnostics\n%s\nwant the ending %q", got, want)
	}
	// A mistake elsewhere says nothing of the variable.
	_, diags = dsl.NewLoader().LoadFileOverrides("testdata/valid/tiny.hcl", []dsl.Override{
		{Name: "steps", Value: cty.NumberIntVal(4), Flag: "steps=4"},
	})
	if diags.HasErrors() {
		t.Errorf("a good value: %s", compact(diags))
	}
}

// A value reached through locals is traced too, naming the local.
func TestOverrideMistakeThroughLocals(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.hcl")
	src := `experiment "loc" {}
variable "steps" {
  default = 10
}
locals {
  double = var.steps * 2
  again  = local["double"]
}
dataset "d" { source = "diabetes" }
model "m" { hidden = [2] }
pipeline "p" {
  optimizer "search" {
    weight_steps = local.again
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags := dsl.NewLoader().LoadFileOverrides(path, []dsl.Override{{Name: "steps", Value: cty.NumberIntVal(-3), Flag: "steps=-3"}})
	want := "got -6. local.again is computed from var.steps; var.steps is set by --var steps=-3.\n"
	if got := compact(diags); !strings.HasSuffix(got, want) || !strings.HasPrefix(got, path+":13:") {
		t.Errorf("diagnostics\n%s\nwant at line 13, ending %q", got, want)
	}
}
