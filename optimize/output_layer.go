package optimize

// OutputLayer is a Problem that is a model's mean squared error with a
// linear output layer, offered so that a method can solve that layer in
// closed form (least squares) given the features it receives. With h_r the
// output layer's inputs of row r (the last hidden layer's activations), y_r
// its targets and L = OutputLayout(), it promises, up to rounding:
//
//	Func(x) = 1/(Rows·Outputs) · Σ_r Σ_k (Σ_j x[L.Weight(k, j)]·h_r[j] + x[L.Bias(k)] - y_r[k])²
//
// and that h_r does not depend on the output layer's parameters. A problem
// that cannot keep the promise (another loss, classification data) does not
// offer the capability.
type OutputLayer interface {
	Problem
	// OutputLayout says how many rows, inputs and outputs the output layer
	// has, and where its parameters are in x.
	OutputLayout() OutputLayout
	// OutputInputs writes the output layer's inputs at x for every row
	// into h (h[r*Inputs+j], len Rows*Inputs) and the targets into y
	// (y[r*Outputs+k], len Rows*Outputs). It is one forward pass over the
	// data and counts as one evaluation.
	OutputInputs(h, y, x []float64)
}

// OutputLayout places an output layer in the parameter vector: its weights
// row-major, one row of Inputs weights per output (as PyTorch stores
// nn.Linear's), then one bias per output.
type OutputLayout struct {
	Rows, Inputs, Outputs int
	// Weights is the index of the first weight, Biases of the first bias.
	Weights, Biases int
}

// Weight is the index in x of the weight from input j to output k.
func (l OutputLayout) Weight(k, j int) int { return l.Weights + k*l.Inputs + j }

// Bias is the index in x of output k's bias.
func (l OutputLayout) Bias(k int) int { return l.Biases + k }
