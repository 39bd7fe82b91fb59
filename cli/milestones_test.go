package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A milestone's rows say, for every job, what history.csv says: the first
// record at or below the level, or none. Some jobs reach it and some do
// not, and the page has its table.
func TestMilestonesFollowTheHistory(t *testing.T) {
	out, stdout := runWithMilestone(t)
	// The first record of each job at or below 27000, from history.csv.
	history := readCSV(t, filepath.Join(out, "history.csv"))
	col := map[string]int{}
	for i, h := range history[0] {
		col[h] = i
	}
	first := map[string][]string{}
	for _, row := range history[1:] {
		job := row[col["run"]] + "/" + row[col["repeat"]]
		loss, err := strconv.ParseFloat(row[col["train_loss"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		if _, seen := first[job]; !seen && loss <= 27000 {
			first[job] = []string{row[col["stage"]], row[col["optimizer"]], row[col["step"]], row[col["progress"]], row[col["evaluations"]], row[col["cost"]]}
		}
	}
	rows := readCSV(t, filepath.Join(out, "milestones.csv"))
	if got := strings.Join(rows[0], ","); got != "milestone,metric,value,run,repeat,seed,status,reached,stage,optimizer,step,progress,evaluations,cost,seconds" {
		t.Fatalf("header %s", got)
	}
	if len(rows) != 1+2*3 {
		t.Fatalf("%d rows, want a header and 2 runs x 3 repeats", len(rows))
	}
	reached := 0
	for _, row := range rows[1:] {
		want, ok := first[row[3]+"/"+row[4]]
		switch {
		case ok && (row[7] != "true" || strings.Join(row[8:14], ",") != strings.Join(want, ",")):
			t.Errorf("%v: history.csv first reaches 27000 at %v", row, want)
		case !ok && (row[7] != "false" || strings.Join(row[8:], "") != ""):
			t.Errorf("%v: history.csv never reaches 27000", row)
		}
		if ok {
			reached++
		}
	}
	if reached == 0 || reached == len(rows)-1 {
		t.Errorf("%d of %d jobs reached the milestone; the test needs some of each", reached, len(rows)-1)
	}
	stats := readCSV(t, filepath.Join(out, "milestone_stats.csv"))
	if len(stats) != 3 || stats[1][3] != "search" || stats[2][3] != "gradient" {
		t.Fatalf("milestone_stats.csv:\n%v", stats)
	}
	// The console says what milestone_stats.csv says.
	for _, row := range stats[1:] {
		line := regexp.MustCompile(`(?m)^\s*mse: train_loss ≤ 27000\s+` + row[3] + `\s+` + row[5] + "/" + row[4] + `\s`)
		if !line.MatchString(stdout) {
			t.Errorf("the console has no line for %s reaching it %s/%s:\n%s", row[3], row[5], row[4], stdout)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil || !strings.Contains(string(page), `<section id="milestones">`) || !strings.Contains(string(page), "train_loss ≤ 27000") {
		t.Errorf("report.html has no milestone table (%v)", err)
	}
}

// milestoneBlock is what runWithMilestone adds to testdata/tiny.hcl.
const milestoneBlock = `
milestone "mse" {
  metric  = "train_loss"
  value   = 27000
  dataset = dataset.d
}
`

// runWithMilestone runs testdata/tiny.hcl with milestoneBlock, three
// repeats, and returns the output folder and what it printed.
func runWithMilestone(t *testing.T) (string, string) {
	t.Helper()
	src, err := os.ReadFile("testdata/tiny.hcl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "tiny.hcl")
	if err := os.WriteFile(file, append(src, milestoneBlock...), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := nnexp(t, "run", file, "--out", out, "--var", "repeats=3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	return out, stdout
}

// nnexp plot reads milestones from the history as it draws plots: a
// milestone edited in the folder's copy is measured again without a
// warning that the results are from another file, and one deleted takes
// its CSVs with it.
func TestPlotMeasuresMilestonesAgain(t *testing.T) {
	out, _ := runWithMilestone(t)
	cp := filepath.Join(out, "tiny.hcl")
	src, err := os.ReadFile(cp)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "value   = 27000", "value   = 1e9", 1)
	if err := os.WriteFile(cp, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := nnexp(t, "plot", out); code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("plot after a milestone edit: exit %d, stderr:\n%s", code, stderr)
	}
	stats := readCSV(t, filepath.Join(out, "milestone_stats.csv"))
	for _, row := range stats[1:] {
		// Every job starts below 1e9: all reach it at their first record.
		if row[2] != "1e+09" || row[4] != "3" || row[5] != "3" {
			t.Errorf("after the edit: %v", row)
		}
	}
	without := strings.Replace(edited, strings.Replace(milestoneBlock, "27000", "1e9", 1), "", 1)
	if without == edited {
		t.Fatal("the milestone block was not found in the copy")
	}
	if err := os.WriteFile(cp, []byte(without), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := nnexp(t, "plot", out); code != 0 {
		t.Fatalf("plot after deleting the milestone: exit %d, stderr:\n%s", code, stderr)
	}
	for _, f := range []string{"milestones.csv", "milestone_stats.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); !os.IsNotExist(err) {
			t.Errorf("%s after its milestone block was deleted: %v", f, err)
		}
	}
}
