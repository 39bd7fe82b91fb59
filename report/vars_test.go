package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/dsl"
)

// The re-run command's --var values must read back, through the CLI's own
// parser, as the values the run used.
func TestOneLineRoundTrips(t *testing.T) {
	for _, text := range []string{
		"0.1",
		"[5, 4]",
		`"it's a test"`,
		"{\n  a = 1\n  \"b c\" = \"x\"\n  nested = {\n    l = [1, \"two\"]\n  }\n}",
		"[\n  1,\n  2,\n]",
	} {
		line := oneLine(text)
		if strings.Contains(line, "\n") {
			t.Errorf("oneLine(%q) = %q spans lines", text, line)
		}
		_, got, err := dsl.ParseVar("v=" + line)
		if err != nil {
			t.Fatal(err)
		}
		if want := hclValue(t, text); !got.RawEquals(want) {
			t.Errorf("--var v=%s reads as %#v, want %#v", line, got, want)
		}
	}
}

func TestWriteVarsHCLFormat(t *testing.T) {
	var buf bytes.Buffer
	if err := writeVarsHCL(&buf, "x.hcl", map[string]string{"b": "2", "a": `"s"`}); err != nil {
		t.Fatal(err)
	}
	want := "# The variable values of this run of x.hcl. To re-run it with them from this folder:\n" +
		"#   nnexp run x.hcl --out . --var-file vars.hcl\n" +
		"# (a --var after --var-file changes one value), or with every value spelt out:\n" +
		"#   nnexp run x.hcl --out . --var 'a=\"s\"' --var b=2\n\na = \"s\"\nb = 2\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
