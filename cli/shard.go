package cli

import (
	"os"

	"github.com/nnexp/nnexp/runner"
)

// chooseShard is the shard a run was asked for: --shard I/N, else the
// scheduler's environment (runner.ShardFromEnv), else nil (every job).
func chooseShard(flag string) (*runner.Shard, error) {
	if flag != "" {
		s, err := runner.ParseShard(flag)
		return &s, err
	}
	s, ok, err := runner.ShardFromEnv(os.Getenv)
	if err != nil || !ok {
		return nil, err
	}
	return &s, nil
}

// selector is the runner's Options.Select for shard; nil runs all.
func selector(shard *runner.Shard) func(runner.Job) bool {
	if shard == nil {
		return nil
	}
	return shard.Selects
}

// countSelected is how many of results belong to shard.
func countSelected(shard *runner.Shard, results []runner.Result) int {
	n := 0
	for _, r := range results {
		if shard.Selects(r.Job) {
			n++
		}
	}
	return n
}
