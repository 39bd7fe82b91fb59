package dsl

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// A plug-in's config decodes through settingsBody as gohcl decodes it alone:
// HCL's static helpers see an hcl.Expression field as written, and a
// short list reaches a cty.Value field as the tuple it is. (Review found
// both broken by the first version of settingsBody (then listsBody).)
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

// A null setting is a setting left out, as in Terraform: the config keeps
// its default (whatever the field's type, where gohcl alone refuses null
// for a number), and a required one is reported missing.
func TestNullSettingIsLeftOut(t *testing.T) {
	type nested struct {
		Factor float64 `hcl:"factor,optional"`
	}
	type pluginCfg struct {
		Steps  int       `hcl:"steps,optional"`
		Values []float64 `hcl:"values,optional"`
		Rate   float64   `hcl:"rate"`
		Inner  *nested   `hcl:"inner,block"`
	}
	decode := func(src string) (pluginCfg, hcl.Diagnostics) {
		t.Helper()
		f, diags := hclparse.NewParser().ParseHCL([]byte(src), "p.hcl")
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		c := pluginCfg{Steps: 7, Values: []float64{1}, Inner: &nested{Factor: 0.5}}
		ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{"none": cty.NullVal(cty.Number)})}}
		return c, decodeConfig(f.Body, ctx, &c)
	}
	c, diags := decode("steps = null\nvalues = var.none\nrate = 2\ninner {\n  factor = null\n}\n")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if c.Steps != 7 || len(c.Values) != 1 || c.Rate != 2 || c.Inner == nil || c.Inner.Factor != 0.5 {
		t.Errorf("decoded %+v (inner %+v), want steps 7, values [1], rate 2, inner factor 0.5", c, c.Inner)
	}
	if _, diags := decode("rate = null\n"); !diags.HasErrors() || diags[0].Summary != "Missing required argument" {
		t.Errorf("rate = null: %v, want a missing required argument", diags)
	}
}
