package report

import (
	"bytes"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/nnexp/nnexp/dsl"
)

// vars.hcl is a variable file: --var-file vars.hcl gives the run the
// values it recorded.
func TestVarsHCLIsAVariableFile(t *testing.T) {
	exp, _ := fixture()
	var buf bytes.Buffer
	if err := writeVarsHCL(&buf, "demo.hcl", exp.Vars); err != nil {
		t.Fatal(err)
	}
	vals, diags := dsl.ParseVarFile("vars.hcl", buf.Bytes())
	if diags.HasErrors() {
		t.Fatalf("vars.hcl is not a variable file: %s\n%s", diags.Error(), buf.String())
	}
	if len(vals) != len(exp.Vars) {
		t.Errorf("read %d variables, want %d", len(vals), len(exp.Vars))
	}
	for name, text := range exp.Vars {
		expr, diags := hclsyntax.ParseExpression([]byte(text), name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		want, _ := expr.Value(nil)
		if got, ok := vals[name]; !ok || !got.RawEquals(want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	if !bytes.Contains(buf.Bytes(), []byte("\n#   nnexp run demo.hcl --out . --var-file vars.hcl\n")) {
		t.Errorf("the header does not give the --var-file command:\n%s", buf.String())
	}
}
