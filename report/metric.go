package report

import (
	"fmt"

	"github.com/nnexp/nnexp/runner"
)

// metric is what a plot shows of each record and of each finished job.
type metric struct {
	// label names it on an axis; loss says it is a loss, whose values of
	// runs on different losses are not one scale.
	label string
	// title names it in a plot's default title.
	title string
	loss  bool
	of    func(runner.Record) float64
	final func(runner.Result) float64
}

// metrics are the values plot blocks may show (dsl.PlotMetrics); a test
// metric shows how a run generalizes, which a training loss alone hides.
var metrics = map[string]metric{
	"train_loss": {label: "train loss", title: "training loss", loss: true,
		of: func(r runner.Record) float64 { return r.TrainLoss }, final: func(r runner.Result) float64 { return r.TrainLoss }},
	"test_loss": {label: "test loss", title: "test loss", loss: true,
		of: func(r runner.Record) float64 { return r.TestLoss }, final: func(r runner.Result) float64 { return r.TestLoss }},
	"train_accuracy": {label: "train accuracy", title: "training accuracy",
		of: func(r runner.Record) float64 { return r.TrainAccuracy }, final: func(r runner.Result) float64 { return r.TrainAccuracy }},
	"test_accuracy": {label: "test accuracy", title: "test accuracy",
		of: func(r runner.Record) float64 { return r.TestAccuracy }, final: func(r runner.Result) float64 { return r.TestAccuracy }},
}

// metricNamed is the metric called name, "" meaning train_loss.
func metricNamed(name string) (metric, error) {
	if name == "" {
		name = "train_loss"
	}
	m, ok := metrics[name]
	if !ok {
		return metric{}, fmt.Errorf("report: unknown metric %q (want train_loss, test_loss, train_accuracy or test_accuracy)", name)
	}
	return m, nil
}
