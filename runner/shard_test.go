package runner_test

import (
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// TestShardFromEnv: a Slurm array's task becomes its place among the
// array's indices, whatever they count from and in what steps (the ID is
// not the shard for --array=1-4 or 0-6:3); a list of indices gives no
// place; a Kubernetes Indexed Job's index needs NNEXP_SHARDS.
func TestShardFromEnv(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want runner.Shard
		ok   bool
		err  bool
	}{
		{map[string]string{}, runner.Shard{}, false, false},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3", "SLURM_ARRAY_TASK_STEP": "1"}, runner.Shard{I: 2, N: 4}, true, false},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4", "SLURM_ARRAY_TASK_STEP": "1"}, runner.Shard{I: 3, N: 4}, true, false},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "6", "SLURM_ARRAY_TASK_STEP": "3"}, runner.Shard{I: 2, N: 3}, true, false},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "7"}, runner.Shard{}, false, true},
		// --array=1,5,7 is refused in every task, whatever STEP says:
		// 1..7 in steps of s holds 3 tasks for no s.
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "7"}, runner.Shard{}, false, true},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_STEP": "4"}, runner.Shard{}, false, true},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_STEP": "2"}, runner.Shard{}, false, true},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_STEP": "3"}, runner.Shard{I: 2, N: 3}, true, false},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "3"}, runner.Shard{}, false, true},
		{map[string]string{"JOB_COMPLETION_INDEX": "1", "NNEXP_SHARDS": "3"}, runner.Shard{I: 1, N: 3}, true, false},
		{map[string]string{"JOB_COMPLETION_INDEX": "1"}, runner.Shard{}, false, true},
		{map[string]string{"JOB_COMPLETION_INDEX": "3", "NNEXP_SHARDS": "3"}, runner.Shard{}, false, true},
	} {
		got, ok, err := runner.ShardFromEnv(func(k string) string { return c.env[k] })
		if got != c.want || ok != c.ok || (err != nil) != c.err {
			t.Errorf("%v: %v %v %v; want %v %v, error %v", c.env, got, ok, err, c.want, c.ok, c.err)
		}
	}
	for _, bad := range []string{"2/2", "-1/2", "1", "a/b", "0/0"} {
		if _, err := runner.ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	s, err := runner.ParseShard("1/3")
	if err != nil || !s.Selects(runner.Job{Index: 4}) || s.Selects(runner.Job{Index: 3}) {
		t.Errorf("shard 1/3: %v, %v", s, err)
	}
}
