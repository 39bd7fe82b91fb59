package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestSummaryStatsCSV checks every cell of summary_stats.csv for the
// fixture, worked out by hand. Run a: train losses 1 and 2 give mean 1.5,
// sd sqrt(((1−1.5)² + (2−1.5)²)/1) = sqrt(0.5), median 1.5, and quartiles
// at h = (2−1)·p: 1 + 0.25 = 1.25 and 2 − 0.25 = 1.75; elapsed 1.5 and
// 0.75 give mean 1.125, sd sqrt(2·0.375²) = 0.530330… (written to the
// microsecond, as summary.csv writes seconds), quartiles 0.75 + 0.1875
// and 1.5 − 0.1875; both jobs cost 6. It has no test split or accuracy: empty cells. Run b
// has one diverged job, which counts as finished for its evaluations, cost
// and time (every statistic but the sd, which one value does not have) but
// has no loss or accuracy to summarise, finite as the fixture's are: its
// outcome is the divergence, in its own column.
func TestSummaryStatsCSV(t *testing.T) {
	_, results := fixture()
	var b bytes.Buffer
	if err := WriteSummaryStatsCSV(&b, results); err != nil {
		t.Fatal(err)
	}
	empty7 := strings.Repeat(",", 7)
	want := "run,jobs,completed,converged,budget,target,diverged,interrupted,failed," + statsColumns() + "\n" +
		"a,2,1,1,0,0,0,0,0," +
		"1.5,0.7071067811865476,1.5,1.25,1.75,1,2" + empty7 + empty7 + empty7 +
		",4,0,4,4,4,4,4" +
		",6,0,6,6,6,6,6" +
		",1.125,0.53033,1.125,0.9375,1.3125,0.75,1.5\n" +
		"b,1,0,0,0,0,1,0,0" +
		empty7 + empty7 + empty7 + empty7 +
		",2,,2,2,2,2,2" +
		",3,,3,3,3,3,3" +
		",0.25,,0.25,0.25,0.25,0.25,0.25\n"
	if got := b.String(); got != want {
		t.Errorf("summary_stats.csv:\n%s\nwant:\n%s", got, want)
	}
}

// statsColumns is the header's statistics, spelt out.
func statsColumns() string {
	var cols []string
	for _, m := range []string{"train_loss", "test_loss", "train_accuracy", "test_accuracy", "evaluations", "cost", "elapsed_seconds"} {
		for _, s := range []string{"mean", "sd", "median", "q1", "q3", "min", "max"} {
			cols = append(cols, m+"_"+s)
		}
	}
	return strings.Join(cols, ",")
}
