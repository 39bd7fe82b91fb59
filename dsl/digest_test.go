package dsl

import "testing"

// TestResultsDigest: adding, removing or editing a plot or a milestone
// block, or the blank lines and comments between blocks, keeps the digest;
// editing any other block changes it.
func TestResultsDigest(t *testing.T) {
	base := "experiment \"x\" {}\n\nrun \"r\" {\n  a = 1\n}\n"
	digest := func(src string) string {
		t.Helper()
		d, err := ResultsDigest("x.hcl", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	want := digest(base)
	for _, same := range []string{
		base + "\nplot \"p\" {\n  type = \"history\"\n}\n",
		"experiment \"x\" {}\nplot \"p\" { type = \"final_loss\" }\nrun \"r\" {\n  a = 1\n}\n",
		base + "\nmilestone \"m\" {\n  metric = \"train_loss\"\n  value = 1\n}\n",
		"# a comment\nexperiment \"x\" {}\n\n\n\nrun \"r\" {\n  a = 1\n}\n",
	} {
		if got := digest(same); got != want {
			t.Errorf("digest of\n%s\nchanged", same)
		}
	}
	for _, other := range []string{
		"experiment \"x\" {}\n\nrun \"r\" {\n  a = 2\n}\n",
		"experiment \"y\" {}\n\nrun \"r\" {\n  a = 1\n}\n",
		base + "run \"s\" {}\n",
	} {
		if got := digest(other); got == want {
			t.Errorf("digest of\n%s\ndid not change", other)
		}
	}
}
