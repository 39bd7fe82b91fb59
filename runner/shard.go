package runner

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Shard is one part of an experiment's jobs, for running it on several
// processes or machines that share one output folder: shard I of N runs
// the jobs whose index is I modulo N. Round robin, because the jobs of a
// run sit together in job order and cost alike: each shard gets its share
// of every run.
type Shard struct{ I, N int }

// Selects reports whether job belongs to the shard.
func (s Shard) Selects(job Job) bool { return job.Index%s.N == s.I }

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.I, s.N) }

// ParseShard reads "I/N" (0 <= I < N).
func ParseShard(text string) (Shard, error) {
	i, n, ok := strings.Cut(text, "/")
	si, err1 := strconv.Atoi(strings.TrimSpace(i))
	sn, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || sn < 1 || si < 0 || si >= sn {
		return Shard{}, fmt.Errorf("runner: shard %q is not I/N with 0 <= I < N", text)
	}
	return Shard{I: si, N: sn}, nil
}

// ShardFromEnv is the shard a scheduler asks for through the environment
// (getenv, os.Getenv in a program), and false when it asks for none:
//
//   - Slurm job arrays: SLURM_ARRAY_TASK_ID among SLURM_ARRAY_TASK_COUNT
//     tasks, the task's place among the array's indices. Arrays need not
//     count from 0 (--array=1-4, 0-6:3, 1,5,7), so the shard is the
//     task's rank among SLURM_ARRAY_TASK_MIN..MAX in steps of
//     SLURM_ARRAY_TASK_STEP when those say so, else the ID itself.
//   - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX, with the count in
//     NNEXP_SHARDS, since an Indexed Job passes none.
func ShardFromEnv(getenv func(string) string) (Shard, bool, error) {
	if id := getenv("SLURM_ARRAY_TASK_ID"); id != "" {
		count := getenv("SLURM_ARRAY_TASK_COUNT")
		task, err1 := strconv.Atoi(id)
		n, err2 := strconv.Atoi(count)
		if err1 != nil || err2 != nil || n < 1 {
			return Shard{}, false, fmt.Errorf("runner: SLURM_ARRAY_TASK_ID %q with SLURM_ARRAY_TASK_COUNT %q is no shard", id, count)
		}
		lo, errLo := strconv.Atoi(getenv("SLURM_ARRAY_TASK_MIN"))
		hi, errHi := strconv.Atoi(getenv("SLURM_ARRAY_TASK_MAX"))
		step, errStep := strconv.Atoi(getenv("SLURM_ARRAY_TASK_STEP"))
		if errStep != nil || step < 1 {
			step = 1
		}
		list := errors.New("runner: a Slurm array of a list of indices (--array=1,5,7) gives no task its place; use --shard I/N")
		rank := task
		if errLo == nil {
			// A range MIN..MAX in steps of STEP holds COUNT tasks; a
			// list (1,5,7: MIN 1, MAX 7, COUNT 3) does not, and its
			// tasks' places cannot be told from their IDs.
			if errHi == nil && hi != lo+step*(n-1) {
				return Shard{}, false, list
			}
			rank = task - lo
			if rank%step != 0 {
				return Shard{}, false, list
			}
			rank /= step
		}
		if rank < 0 || rank >= n {
			return Shard{}, false, fmt.Errorf("runner: Slurm array task %d is not among %d tasks counted from %d; use --shard I/N", task, n, lo)
		}
		return Shard{I: rank, N: n}, true, nil
	}
	if id := getenv("JOB_COMPLETION_INDEX"); id != "" {
		count := getenv("NNEXP_SHARDS")
		if count == "" {
			return Shard{}, false, fmt.Errorf("runner: JOB_COMPLETION_INDEX %q needs NNEXP_SHARDS, the number of shards: the Indexed Job's completions", id)
		}
		s, err := ParseShard(id + "/" + count)
		if err != nil {
			return Shard{}, false, fmt.Errorf("runner: JOB_COMPLETION_INDEX %q among NNEXP_SHARDS %q is no shard I/N with 0 <= I < N", id, count)
		}
		return s, true, nil
	}
	return Shard{}, false, nil
}
