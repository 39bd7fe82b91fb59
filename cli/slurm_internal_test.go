package cli

import (
	"bytes"
	"context"
	"flag"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"

	_ "github.com/nnexp/nnexp/builtin"
)

// tinyPlan is testdata/tiny.hcl planned with the variables given.
func tinyPlan(t *testing.T, vars ...string) *plan.Plan {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	v := addVarFlags(fs)
	var args []string
	for _, a := range vars {
		args = append(args, "--var", a)
	}
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	loader := dsl.NewLoader()
	exp, ok := load(loader, "testdata/tiny.hcl", v, &stderr)
	if !ok {
		t.Fatal(stderr.String())
	}
	work, diags := plan.Resolve(exp)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return work
}

// TestShardsToDo: the shards still to do are those with a job not stored,
// by merge's hashing, whatever the shards that stored them were.
func TestShardsToDo(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	work := tinyPlan(t, "repeats=3")
	todo := shardsToDo(ctx, work, dir, 3)
	if want := []int{0, 1, 2}; !slices.Equal(todo, want) {
		t.Errorf("empty folder: %v, want %v", todo, want)
	}
	// Shard 1 of 2 stores jobs 1, 3 and 5: of 3 shards, 0 still lacks job
	// 0, 1 lacks job 4 and 2 lacks job 2.
	if code := Run(ctx, []string{"run", "testdata/tiny.hcl", "--out", dir, "--var", "repeats=3", "--shard", "1/2", "--quiet"}, &out, &out); code != 0 {
		t.Fatalf("exit %d\n%s", code, &out)
	}
	todo = shardsToDo(ctx, work, dir, 3)
	if want := []int{0, 1, 2}; !slices.Equal(todo, want) {
		t.Errorf("after shard 1/2: %v, want %v", todo, want)
	}
	if code := Run(ctx, []string{"run", "testdata/tiny.hcl", "--out", dir, "--var", "repeats=3", "--shard", "0/3", "--quiet"}, &out, &out); code != 0 {
		t.Fatalf("exit %d\n%s", code, &out)
	}
	// Stored now: 0, 1, 3, 5; missing 2 (shard 2) and 4 (shard 1).
	todo = shardsToDo(ctx, work, dir, 3)
	if want := []int{1, 2}; !slices.Equal(todo, want) {
		t.Errorf("after shards 1/2 and 0/3: %v, want %v", todo, want)
	}
	for _, c := range []struct {
		todo []int
		want string
	}{
		{todo, "1-2"},
		{[]int{0, 1, 2}, "0-2"},
		{[]int{4}, "4"},
		{[]int{0, 2, 3, 4, 7, 9, 10}, "0,2-4,7,9-10"},
	} {
		if got := arrayIndices(c.todo); got != c.want {
			t.Errorf("%v: --array=%s, want %s", c.todo, got, c.want)
		}
	}
	// Another experiment's variables are other jobs: all to do.
	todo = shardsToDo(ctx, tinyPlan(t, "repeats=3", "steps=4"), dir, 3)
	if want := []int{0, 1, 2}; !slices.Equal(todo, want) {
		t.Errorf("other variables: %v, want %v", todo, want)
	}
}

// scontrol show config pads its keys; MaxArraySize must be told from
// keys that start the same, and a missing or odd value says nothing.
func TestParseMaxArraySize(t *testing.T) {
	config := "Configuration data as of 2026-12-03T23:50:01\n" +
		"MaxArraySizeFactor      = 7\n" + // not the key
		"MaxArraySize            = 1001\n" +
		"MaxJobCount             = 10000\n"
	if n, ok := parseMaxArraySize(config); !ok || n != 1001 {
		t.Errorf("parseMaxArraySize = %d, %v; want 1001, true", n, ok)
	}
	for _, bad := range []string{"", "MaxJobCount = 10000\n", "MaxArraySize = (null)\n", "MaxArraySize = 0\n"} {
		if n, ok := parseMaxArraySize(bad); ok {
			t.Errorf("parseMaxArraySize(%q) = %d, true; want false", bad, n)
		}
	}
}
