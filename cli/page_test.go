package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/report"
)

// run writes report.html with the manifest's provenance and lists it
// among the manifest's outputs; plot DIR writes the same page again from
// the folder alone.
func TestRunWritesThePage(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := nnexp(t, "run", "testdata/tiny.hcl", "--quiet", "--out", out, "--var", "repeats=2"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	page := fileText(t, filepath.Join(out, report.PageFile))
	var m report.Manifest
	if err := json.Unmarshal([]byte(fileText(t, filepath.Join(out, report.ManifestFile))), &m); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<h1>tiny</h1>", `<td class="text">search</td><td>2</td><td class="text">1 completed, 1 converged</td>`,
		"<figcaption>history_gradient.png</figcaption>", `<pre>experiment &#34;tiny&#34; {`,
		"<code>nnexp run testdata/tiny.hcl --quiet --out " + out, "<td class=\"text\">diabetes</td>",
		m.Started, m.Build, "<code>repeats</code></td><td class=\"text\"><code>2</code>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	listed := false
	for _, o := range m.Outputs {
		listed = listed || o.Name == report.PageFile && o.SHA256 != ""
	}
	if !listed {
		t.Errorf("manifest outputs %v lack %s", m.Outputs, report.PageFile)
	}

	if err := os.Remove(filepath.Join(out, report.PageFile)); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := nnexp(t, "plot", out)
	if code != 0 || !strings.Contains(stdout, filepath.Join(out, report.PageFile)+"\n") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if again := fileText(t, filepath.Join(out, report.PageFile)); again != page {
		t.Error("plot's report.html differs from run's")
	}
}
