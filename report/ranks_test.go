package report

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestRanksCSV: the paired fixture's runs a, b and c (d is paired with
// none) on test loss, over the five repeats all three finished (repeat 3
// of c was interrupted):
//
//	repeat  a    b    c     ranks a b c
//	0       1    2    1.5   1 3 2
//	1       2    3    2.5   1 3 2
//	2       3    4    2     2 3 1
//	4       5    6    5     1.5 3 1.5
//	5       6    7.5  5     2 3 1
//
// average ranks a 7.5/5 = 1.5, b 3, c 7.5/5 = 1.5; chi2 = 12*5/12 *
// (2.25 + 9 + 2.25 - 12) = 7.5; Nemenyi CD = 2.343*sqrt(12/30).
func TestRanksCSV(t *testing.T) {
	tests := RankTests(pairedFixture())
	if len(tests) != 2 || tests[0].Metric != "test_loss" || tests[1].Metric != "test_accuracy" {
		t.Fatalf("tests %+v, want test loss and accuracy of a, b, c", tests)
	}
	lt := tests[0]
	if strings.Join(lt.Runs, " ") != "a b c" || lt.N != 5 {
		t.Errorf("runs %v over %d problems", lt.Runs, lt.N)
	}
	for i, want := range []float64{1.5, 3, 1.5} {
		if math.Abs(lt.AvgRanks[i]-want) > 1e-12 {
			t.Errorf("run %s average rank %v, want %v", lt.Runs[i], lt.AvgRanks[i], want)
		}
	}
	if math.Abs(lt.ChiSq-7.5) > 1e-12 || math.Abs(lt.P-math.Exp(-7.5/2)) > 1e-12 {
		// chi-square with 2 degrees of freedom: P(X > x) = exp(-x/2).
		t.Errorf("chi2 %v p %v, want 7.5 and exp(-3.75)", lt.ChiSq, lt.P)
	}
	if math.Abs(lt.CD-2.343*math.Sqrt(0.4)) > 1e-12 {
		t.Errorf("CD %v", lt.CD)
	}
	var buf bytes.Buffer
	if err := WriteRanksCSV(&buf, pairedFixture()); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(buf.String()), "\n"); len(lines) != 7 || !strings.HasPrefix(lines[1], "a b c,test_loss,a,1.5,5,7.5,") {
		t.Errorf("ranks.csv:\n%s", buf.String())
	}
}

// TestCDPlot draws the paired fixture's diagram, and says why when the
// runs are not known to be paired (results read back from the CSVs).
func TestCDPlot(t *testing.T) {
	p, err := CDPlot(pairedFixture(), nil, "t", "test_loss")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.X.Label.Text, "average rank on test_loss over 5 paired starts") {
		t.Errorf("x label %q", p.X.Label.Text)
	}
	unpaired := pairedFixture()
	for i := range unpaired {
		unpaired[i].Run = nil
	}
	p, err = CDPlot(unpaired, nil, "t", "")
	if err != nil || !strings.Contains(p.Title.Text, "nothing to rank") {
		t.Errorf("unpaired: %v, title %q", err, p.Title.Text)
	}
}
