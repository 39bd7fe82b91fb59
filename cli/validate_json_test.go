package cli_test

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/nnexp/nnexp/cli"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// validate --json prints Terraform's validate -json document; the golden
// file was checked by hand: each range's bytes are the text highlighted.
func TestValidateJSONGolden(t *testing.T) {
	code, stdout, stderr := nnexp(t, "validate", "--json", "testdata/two_errors.hcl")
	if code != cli.ExitFailure {
		t.Errorf("exit %d, want %d", code, cli.ExitFailure)
	}
	if stderr != "" {
		t.Errorf("stderr in JSON mode: %q", stderr)
	}
	const golden = "testdata/two_errors.json"
	if *update {
		if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if stdout != string(want) {
		t.Errorf("got:\n%s\nwant:\n%s", stdout, want)
	}

	var doc struct {
		FormatVersion string `json:"format_version"`
		Valid         bool   `json:"valid"`
		ErrorCount    int    `json:"error_count"`
		Diagnostics   []struct {
			Severity string
			Range    struct {
				Start, End struct{ Line, Column, Byte int }
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	src, _ := os.ReadFile("testdata/two_errors.hcl")
	if doc.Valid || doc.ErrorCount != 2 || len(doc.Diagnostics) != 2 || doc.FormatVersion != "1.0" {
		t.Errorf("document %+v", doc)
	}
	for i, want := range []string{"many", "dataset.diabets"} {
		r := doc.Diagnostics[i].Range
		if got := string(src[r.Start.Byte:r.End.Byte]); got != want {
			t.Errorf("diagnostic %d highlights %q, want %q", i, got, want)
		}
	}
}

func TestValidateJSONValid(t *testing.T) {
	code, stdout, stderr := nnexp(t, "validate", "testdata/tiny.hcl", "--json")
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if doc["valid"] != true || doc["error_count"] != 0.0 || doc["warning_count"] != 0.0 || doc["format_version"] != "1.0" {
		t.Errorf("document %v", doc)
	}
	if d, ok := doc["diagnostics"].([]any); !ok || len(d) != 0 {
		t.Errorf("diagnostics %#v, want []", doc["diagnostics"])
	}
}

// Everything that is not a bad command line is in the JSON, a missing
// file and a variable file's mistakes included.
func TestValidateJSONOtherFailures(t *testing.T) {
	dir := t.TempDir()
	vars := dir + "/v.hcl"
	writeFile(t, vars, "steps = [\n")
	for _, args := range [][]string{
		{"validate", "--json", "testdata/missing.hcl"},
		{"validate", "--json", "testdata/tiny.hcl", "--var-file", vars},
		{"validate", "--json", "testdata/tiny.hcl", "--var", "stpes=3"},
	} {
		code, stdout, stderr := nnexp(t, args...)
		var doc struct {
			Valid       bool
			ErrorCount  int `json:"error_count"`
			Diagnostics []struct{ Summary string }
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Errorf("%q: not JSON: %v\n%s", args, err, stdout)
		}
		if code != cli.ExitFailure || stderr != "" || doc.Valid || doc.ErrorCount == 0 || len(doc.Diagnostics) != doc.ErrorCount {
			t.Errorf("%q: exit %d, stderr %q, %+v", args, code, stderr, doc)
		}
	}
	if code, _, stderr := nnexp(t, "validate", "--json"); code != cli.ExitUsage || stderr == "" {
		t.Errorf("a bad command line: exit %d, stderr %q", code, stderr)
	}
}
