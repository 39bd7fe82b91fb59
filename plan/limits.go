package plan

import (
	"fmt"

	"github.com/nnexp/nnexp/nn"
)

// Limits on a job's size. A run beyond them would exhaust memory and die
// without writing anything, so it is refused before any job starts: each
// job keeps several copies of the parameters (the method's state) and, for
// search, every row's activations of every unit. Both depend on the data
// (its inputs, outputs and rows), which is why the decoder cannot check
// them.
const (
	maxParams = 50_000_000
	// maxCachedCell bounds units x rows: a job holds about 17 bytes per
	// cell (search's caches, Adam's activations and gradients), so a job
	// at the bound needs about 4.5 GB, two at once (--parallel on two
	// cores) 9 GB. At 10^9 a job needed 18 GB.
	maxCachedCell = 250_000_000
)

// tooLarge says why a model on rows rows cannot run, or "" if it can.
func tooLarge(m *nn.MLP, rows int) string {
	if n := m.NumParams(); n > maxParams {
		return fmt.Sprintf("The model has %d parameters on this data; nnexp allows at most %d per job (each job holds several copies of them).", n, maxParams)
	}
	units := 0
	for _, n := range m.Sizes {
		units += n
	}
	if cells := int64(units) * int64(rows); cells > maxCachedCell {
		return fmt.Sprintf("The model has %d units (inputs included) on %d rows, %d activations to keep; nnexp allows at most %d per job. Use fewer rows or narrower layers.", units, rows, cells, maxCachedCell)
	}
	return ""
}
