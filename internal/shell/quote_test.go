package shell

import (
	"os/exec"
	"strings"
	"testing"
)

// The quoted command survives a real shell word split.
func TestQuote(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	args := []string{"plain", "lr=0.1", `label="it's a test"`, "opts={ a = 1 }", "", "$HOME `x` \\ ;"}
	var quoted []string
	for _, a := range args {
		quoted = append(quoted, Quote(a))
	}
	if Quote("lr=0.1") != "lr=0.1" {
		t.Errorf("quoted a safe word: %s", Quote("lr=0.1"))
	}
	out, err := exec.Command(sh, "-c", "set -- "+strings.Join(quoted, " ")+`; for a in "$@"; do printf '%s\0' "$a"; done`).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(got) != len(args) {
		t.Fatalf("shell saw %q, want %q", got, args)
	}
	for i := range args {
		if got[i] != args[i] {
			t.Errorf("shell saw %q, want %q", got[i], args[i])
		}
	}
}
