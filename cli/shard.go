package cli

import (
	"fmt"
	"os"

	"github.com/nnexp/nnexp/runner"
)

// chooseShard is the shard a run was asked for: --shard I/N, else the
// scheduler's environment (runner.ShardFromEnv), else nil (every job).
// --shard none runs every job and writes the outputs whatever the environment
// says: a user's own Slurm array task (SLURM_ARRAY_TASK_ID set) running
// one whole experiment would otherwise run only its share and write no
// outputs. slurmTask says the shard is a Slurm array task's place, which
// someone's own array may not have meant as a shard.
func chooseShard(flag string) (shard *runner.Shard, slurmTask bool, err error) {
	switch flag {
	case "none":
		return nil, false, nil
	case "":
	default:
		s, err := runner.ParseShard(flag)
		if err != nil {
			err = fmt.Errorf("%w, or none", err)
		}
		return &s, false, err
	}
	s, ok, err := runner.ShardFromEnv(os.Getenv)
	if err != nil {
		return nil, false, fmt.Errorf("%w; --shard none runs every job here instead", err)
	}
	if !ok {
		return nil, false, nil
	}
	// ShardFromEnv reads Slurm's variables before an Indexed Job's.
	return &s, os.Getenv("SLURM_ARRAY_TASK_ID") != "", nil
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
