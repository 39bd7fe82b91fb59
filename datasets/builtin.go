package datasets

import (
	"bytes"
	"embed"
	"sync"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

//go:embed data/*.csv
var builtinFiles embed.FS

// builtin describes one embedded table; every one has its target in the
// last column.
type builtin struct {
	name string
	doc  string
	task nn.Task
}

var builtins = []builtin{
	{"diabetes", "442 x 10 regression: disease progression one year after baseline (Efron et al. 2004)", nn.Regression},
	{"iris", "150 x 4 classification, 3 classes: iris species (Fisher 1936)", nn.Classification},
	{"breast_cancer", "569 x 30 classification, 2 classes: malignant or benign tumour (Wisconsin diagnostic, Street et al. 1993)", nn.Classification},
	{"digits", "1797 x 64 classification, 10 classes: handwritten digits as 8x8 pixel counts (Alpaydin and Kaynak 1998)", nn.Classification},
}

func init() {
	for _, b := range builtins {
		registry.RegisterDataset(registry.Dataset{
			Name: b.name,
			Doc:  b.doc,
			// Parsed on first use only, so a binary that never touches
			// digits does not pay for it at start-up.
			Load: sync.OnceValues(b.load),
		})
	}
}

func (b builtin) load() (*nn.Data, error) {
	file := b.name + ".csv"
	raw, err := builtinFiles.ReadFile("data/" + file)
	if err != nil {
		return nil, err
	}
	// The labels are integers, which TaskAuto would take for regression
	// values, so the task is given explicitly.
	return LoadCSV(bytes.NewReader(raw), file, "", b.task)
}
