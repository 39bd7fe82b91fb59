package cli

import (
	"errors"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// A shard fails for what merge cannot have (a failed or unstored job) and
// not for a diverged job, which is stored: Slurm's afterok would
// otherwise cancel the merge of an experiment whose every job is there.
func TestShardExitStatus(t *testing.T) {
	diskFull := errors.New("no space left on device")
	cases := []struct {
		name    string
		code    int
		results []runner.Result
		want    int
	}{
		{"diverged is stored", ExitFailure, []runner.Result{{Status: runner.StatusCompleted}, {Status: runner.StatusDiverged}}, ExitOK},
		{"not this shard's", ExitOK, []runner.Result{{Status: runner.StatusNotRun}, {Status: runner.StatusCompleted}}, ExitOK},
		{"failed", ExitFailure, []runner.Result{{Status: runner.StatusFailed}, {Status: runner.StatusCompleted}}, ExitFailure},
		{"not stored", ExitOK, []runner.Result{{Status: runner.StatusCompleted, SaveErr: diskFull}}, ExitFailure},
		{"diverged, not stored", ExitFailure, []runner.Result{{Status: runner.StatusDiverged, SaveErr: diskFull}}, ExitFailure},
		{"interrupted", ExitInterrupted, []runner.Result{{Status: runner.StatusCompleted}}, ExitInterrupted},
	}
	for _, c := range cases {
		if got := shardExitStatus(c.code, c.results); got != c.want {
			t.Errorf("%s: shardExitStatus = %d, want %d", c.name, got, c.want)
		}
	}
}
