package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// storedRanks is the rank tests of dir's ranks.csv, or nil when it has
// none that can be read (a folder from before ranks.csv, or one edited by
// hand): the critical-difference diagram then says it has nothing to
// rank rather than fail the other plots.
func storedRanks(dir string) []RankTest {
	tests, _ := storedRows(dir, "ranks.csv", readRanksCSV)
	return tests
}

// storedRows is what read makes of dir's file name, or the error that
// kept it from reading the file.
func storedRows[T any](dir, name string, read func(io.Reader) ([]T, error)) ([]T, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", name, withoutPath(err))
	}
	defer f.Close()
	return read(pathlessReader{f})
}

// withoutPath is err without the path an *fs.PathError names: the
// messages name the file, so that a page redrawn elsewhere says the same
// and shows no folder of the machine that drew it.
func withoutPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// pathlessReader is a file whose read errors (a folder named like the
// file, a disk error) lose its path, as withoutPath.
type pathlessReader struct{ f *os.File }

func (r pathlessReader) Read(p []byte) (int, error) {
	n, err := r.f.Read(p)
	if err != nil && err != io.EOF {
		err = withoutPath(err)
	}
	return n, err
}

// readRanksCSV reads back what WriteRanksCSV wrote: a test is a run of
// consecutive rows with the same runs and metric, one row per run.
func readRanksCSV(r io.Reader) ([]RankTest, error) {
	cr, err := storedReader(r, "ranks.csv", ranksHeader)
	if err != nil {
		return nil, err
	}
	var tests []RankTest
	var group string
	for line := 2; ; line++ {
		row, err := cr.Read()
		if err == io.EOF {
			return tests, nil
		}
		if err != nil {
			return nil, fmt.Errorf("report: ranks.csv: %w", err)
		}
		var nums [6]float64
		for i, cell := range []string{row[3], row[5], row[6], row[7], row[8], row[9]} {
			if nums[i], err = parseStoredFloat(cell); err != nil {
				return nil, fmt.Errorf("report: ranks.csv line %d: %w", line, err)
			}
		}
		n, err := strconv.Atoi(row[4])
		if err != nil {
			return nil, fmt.Errorf("report: ranks.csv line %d: %w", line, err)
		}
		if len(tests) == 0 || row[0] != group || row[1] != tests[len(tests)-1].Metric {
			group = row[0]
			tests = append(tests, RankTest{Metric: row[1], N: n, ChiSq: nums[1], P: nums[2], F: nums[3], FP: nums[4], CD: nums[5]})
		}
		t := &tests[len(tests)-1]
		t.Runs = append(t.Runs, row[2])
		t.AvgRanks = append(t.AvgRanks, nums[0])
	}
}

// storedReader reads the header of file name from r, which must be
// header, and returns the reader of the rows after it.
func storedReader(r io.Reader, name string, header []string) (*csv.Reader, error) {
	cr := csv.NewReader(r)
	got, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("report: %s is empty", name)
	}
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", name, err)
	}
	if !slices.Equal(got, header) {
		return nil, fmt.Errorf("report: %s: header %v, want %v", name, got, header)
	}
	return cr, nil
}

// parseStoredFloat reads a number as formatFloat wrote it: "" is NaN.
func parseStoredFloat(cell string) (float64, error) {
	if cell == "" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(cell, 64)
}

// readPairedCSV reads back what writePairedCSV wrote, but the Wilcoxon
// statistic, which the file leaves out. Ties are the zero differences,
// so the non-zero ones, which FewPairs counts, are the wins and losses.
func readPairedCSV(r io.Reader) ([]Comparison, error) {
	cr, err := storedReader(r, "paired.csv", pairedHeader)
	if err != nil {
		return nil, err
	}
	var out []Comparison
	for line := 2; ; line++ {
		row, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("report: paired.csv: %w", err)
		}
		var counts [4]int
		for i, cell := range row[3:7] {
			if counts[i], err = strconv.Atoi(cell); err != nil {
				return nil, fmt.Errorf("report: paired.csv line %d: %w", line, err)
			}
		}
		var nums [4]float64
		for i, cell := range row[7:11] {
			if nums[i], err = parseStoredFloat(cell); err != nil {
				return nil, fmt.Errorf("report: paired.csv line %d: %w", line, err)
			}
		}
		c := Comparison{A: row[0], B: row[1], Metric: row[2], N: counts[0], Wins: counts[1], Ties: counts[2], Losses: counts[3],
			MedianDifference: nums[0], SignP: nums[2], HolmP: nums[3], Note: row[11]}
		c.Wilcoxon.P, c.Wilcoxon.N = nums[1], c.Wins+c.Losses
		c.FewPairs = c.N > 0 && c.Wilcoxon.N < MinPairs
		out = append(out, c)
	}
}
