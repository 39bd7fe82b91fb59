package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/cli"
)

// These tests run this binary's command line with exactly its imports, so
// they fail if the blank import of the example package goes missing.

func TestListShowsOnePlusOne(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := cli.Run(context.Background(), []string{"list"}, &stdout, &stderr); code != cli.ExitOK {
		t.Fatalf("nnexp list: exit %d, stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "one_plus_one") {
		t.Errorf("nnexp list does not show one_plus_one:\n%s", stdout.String())
	}
}

func TestRunExample(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the example experiment, a few seconds")
	}
	file := filepath.Join("..", "..", "one_plus_one.hcl")
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := cli.Run(context.Background(), []string{"run", file, "--out", out, "--quiet"}, &stdout, &stderr)
	if code != cli.ExitOK {
		t.Fatalf("nnexp run: exit %d, stderr:\n%s", code, stderr.String())
	}
	f, err := os.Open(filepath.Join(out, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 {
		t.Fatalf("summary.csv has %d rows", len(rows))
	}
	header := rows[0]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("summary.csv has no %q column: %v", name, header)
		return -1
	}
	run, status := col("run"), col("status")
	seen := map[string]string{}
	for _, r := range rows[1:] {
		seen[r[run]] = r[status]
	}
	if seen["one_plus_one"] != "completed" || seen["search"] == "" {
		t.Errorf("summary.csv runs and statuses %v, want one_plus_one completed and a search row", seen)
	}
}
