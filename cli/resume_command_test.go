package cli

import "testing"

// TestResumeCommand: the hint after an interrupt repeats the command as
// given, --var and all, quoted for a shell, without --force, which would
// throw away the jobs the interrupted run kept.
func TestResumeCommand(t *testing.T) {
	got := resumeCommand([]string{"e.hcl", "--var", "x=[1, 2]", "--force", "--out", "my dir", "-force=true", "--parallel", "2"})
	want := "nnexp run e.hcl --var 'x=[1, 2]' --out 'my dir' --parallel 2"
	if got != want {
		t.Errorf("resumeCommand = %s, want %s", got, want)
	}
}
