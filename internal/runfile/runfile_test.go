package runfile

import "testing"

func TestPart(t *testing.T) {
	for run, want := range map[string]string{
		"search":        "search",
		"grid[fast-w3]": "grid-fast-w3",
		"adam[lr=0.1]":  "adam-lr_0.1",
		"a[x][lr=1]":    "a-x-lr_1",
		`m["../etc"]`:   "m-_.._etc_",
		"grid[a b/c]":   "grid-a_b_c",
		"ünïcode[ß]":    "ünïcode-ß",
	} {
		if got := Part(run); got != want {
			t.Errorf("Part(%q) = %q, want %q", run, got, want)
		}
	}
}
