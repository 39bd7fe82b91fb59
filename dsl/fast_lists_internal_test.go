package dsl

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// A plug-in's config decodes through listsBody as gohcl decodes it alone:
// HCL's static helpers see an hcl.Expression field as written, and a
// short list reaches a cty.Value field as the tuple it is. (Review found
// both broken by the first version of listsBody.)
func TestListsBodyKeepsWhatPluginsSee(t *testing.T) {
	type pluginCfg struct {
		Mode   hcl.Expression `hcl:"mode,optional"`
		Layers hcl.Expression `hcl:"layers,optional"`
		Raw    cty.Value      `hcl:"raw,optional"`
		Many   []float64      `hcl:"many,optional"`
	}
	src := "mode = fast\nlayers = [4, 8]\nraw = [1, 2]\nmany = [for i in range(1024) : i]\n"
	f, diags := hclparse.NewParser().ParseHCL([]byte(src), "p.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var c pluginCfg
	if diags := decodeConfig(f.Body, &hcl.EvalContext{Functions: functions}, &c); diags.HasErrors() {
		t.Fatal(diags)
	}
	if kw := hcl.ExprAsKeyword(c.Mode); kw != "fast" {
		t.Errorf("hcl.ExprAsKeyword(mode) = %q, want fast", kw)
	}
	if exprs, diags := hcl.ExprList(c.Layers); diags.HasErrors() || len(exprs) != 2 {
		t.Errorf("hcl.ExprList(layers): %d expressions, %v", len(exprs), diags)
	}
	if !c.Raw.Type().IsTupleType() {
		t.Errorf("raw decoded as %s, not the tuple it is", c.Raw.Type().FriendlyName())
	}
	if len(c.Many) != 1024 || c.Many[1023] != 1023 {
		t.Errorf("many: %d values", len(c.Many))
	}
	// A long tuple of one primitive type becomes a list; a short one, a
	// mixed one and a marked one stay tuples.
	long := make([]cty.Value, longTuple)
	for i := range long {
		long[i] = cty.NumberIntVal(int64(i))
	}
	if got := asList(cty.TupleVal(long)); !got.Type().IsListType() || got.LengthInt() != longTuple {
		t.Errorf("long tuple: %s", got.Type().FriendlyName())
	}
	mixed := append([]cty.Value{cty.StringVal("a")}, long[1:]...)
	marked := append([]cty.Value{cty.NumberIntVal(0).Mark("secret")}, long[1:]...)
	for name, v := range map[string]cty.Value{
		"short": cty.TupleVal(long[:longTuple-1]), "mixed": cty.TupleVal(mixed), "marked": cty.TupleVal(marked),
	} {
		if got := asList(v); !got.Type().IsTupleType() {
			t.Errorf("%s tuple became %s", name, got.Type().FriendlyName())
		}
	}
}
