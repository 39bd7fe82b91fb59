package scorer

// FirstLayer is a source of every row's first-layer pre-activations for a
// rebuild, bit for bit Forward's: package objective keeps them over the
// full data for a minibatch search, whose batches' scorers would
// otherwise each run the whole first layer again, though the search moved
// only one unit's weights since the last batch.
type FirstLayer interface {
	// SyncWork is the work Sync(x) would do.
	SyncWork(x []float64) int64
	// Sync brings the source to x's first layer and returns its work.
	Sync(x []float64) int64
	// Pre is row r's first-layer pre-activations once synced.
	Pre(r int) []float64
}

// SetFirstLayer makes f the source of the first layer for rebuilds. A net
// with no hidden layer, whose first layer is its output, ignores it.
func (c *Scorer) SetFirstLayer(f FirstLayer) {
	if c.layers >= 2 {
		c.first = f
	}
}
