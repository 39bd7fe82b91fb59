package optimize

// Problem is a function of a flat parameter vector to minimize. Func must not
// keep x. Implementations need not be safe for concurrent use: each job owns
// its problem.
type Problem interface {
	// Dim is the number of parameters.
	Dim() int
	// Func returns the loss at x.
	Func(x []float64) float64
}

// Differentiable is a Problem with an exact gradient.
type Differentiable interface {
	Problem
	// Grad writes the gradient at x into grad (len Dim) and returns the
	// loss at x. That loss may differ from Func's in the last bits (a
	// model's objective sums its rows and scales as the gradient needs),
	// so a method that reports Location.F, which the runner checks bit for
	// bit against Func, takes it from Func.
	Grad(grad, x []float64) float64
}

// Batched is a differentiable Problem whose loss is a mean over rows, so a
// method can follow the gradient of a subset of them (minibatches).
type Batched interface {
	Differentiable
	// Rows is the number of rows the loss averages over.
	Rows() int
	// BatchGrad writes the gradient of the mean loss over rows into grad and
	// returns that mean loss.
	BatchGrad(grad, x []float64, rows []int) float64
}

// CoordinateScorer is a fast path for coordinate methods: it scores many
// values of one parameter while the others stay as they are in x. losses[k]
// must equal what Func would return with x[i] = values[k], up to rounding; a
// method that needs exact ties rescores close candidates with Func. x is
// restored before ScoreCoordinate returns.
type CoordinateScorer interface {
	Problem
	ScoreCoordinate(losses, x []float64, i int, values []float64)
}

// ExactCoordinateScorer is a CoordinateScorer that settles near-ties itself,
// so that a method can decide on its scores alone and make exactly the
// choice it would make with one Func call per value, without calling Func.
// When ScoresExactMinimum reports true, ScoreCoordinate promises, with F(v)
// what Func would return with x[i] = v and m the lowest of Func(x) and the
// finite F(values[k]):
//
//   - losses[k] == m exactly (bit for bit) when F(values[k]) == m, and
//   - losses[k] > m, or is not finite, otherwise.
//
// So the first value scoring strictly below the method's current loss
// (which must be Func(x), as Method's Location promises) and lowest of all
// is the one the plain loop would pick, and its score is Func's own loss.
// The scorer counts len(values) evaluations however it settles the ties, as
// the plain loop would have made len(values) Func calls.
type ExactCoordinateScorer interface {
	CoordinateScorer
	// ScoresExactMinimum reports whether ScoreCoordinate keeps the promise
	// above; a wrapper that cannot keep it reports false.
	ScoresExactMinimum() bool
}

// CoordinateChooser is an ExactCoordinateScorer that can also make the
// plain loop's choice for a parameter without evaluating the value it
// picks: a choice that its scores' bounds already decide needs no exact
// loss, and a model's objective then defers the refresh of its cache,
// which is most of a search sweep's work on a deep net. When
// ChoosesCoordinates reports true:
//
//   - ChooseCoordinate returns the index in values of the value the plain
//     loop would move x[i] to from the loss Func(x) (each value's Func in
//     turn, replacing the best so far only with a finite loss strictly
//     below it), or -1 to keep x[i], and, when known, the loss at x with
//     that choice, bit for bit Func's. It counts len(values) evaluations,
//     as ScoreCoordinate does; losses is scratch, len(values) at least.
//   - KnownLoss returns Func(x) bit for bit without counting an
//     evaluation: the loss a plain loop knows after its choices without
//     asking. The work it takes is counted.
type CoordinateChooser interface {
	ExactCoordinateScorer
	ChoosesCoordinates() bool
	ChooseCoordinate(losses, x []float64, i int, values []float64) (k int, loss float64, known bool)
	KnownLoss(x []float64) float64
}

// ParameterKinds reports which parameters are weights and which are biases,
// so that a method can treat them differently (search uses separate grids).
type ParameterKinds interface {
	// IsBias reports whether parameter i is a bias.
	IsBias(i int) bool
}

// Func adapts a plain function to a Problem, for tests and for users who
// minimize something other than a model.
type Func struct {
	N int
	F func(x []float64) float64
}

// Dim implements Problem.
func (f Func) Dim() int { return f.N }

// Func implements Problem.
func (f Func) Func(x []float64) float64 { return f.F(x) }

// FuncGrad adapts a function and its gradient to a Differentiable.
type FuncGrad struct {
	N int
	F func(x []float64) float64
	G func(grad, x []float64) float64
}

// Dim implements Problem.
func (f FuncGrad) Dim() int { return f.N }

// Func implements Problem.
func (f FuncGrad) Func(x []float64) float64 { return f.F(x) }

// Grad implements Differentiable.
func (f FuncGrad) Grad(grad, x []float64) float64 { return f.G(grad, x) }

var (
	_ Problem        = Func{}
	_ Differentiable = FuncGrad{}
)

// RowSubsets is a Problem whose loss is a mean over rows and which can
// restrict itself to some of them, so that a method that needs no gradient
// can compare candidates on a minibatch (search's batch_size) with every
// fast path the problem has: Subset's problem offers the capabilities this
// one does (an ExactCoordinateScorer stays one), its Func is the mean loss
// over the listed rows, and the work it does is counted, and capped, as
// this problem's own.
type RowSubsets interface {
	Problem
	// Rows is the number of rows the loss averages over.
	Rows() int
	// Subset returns the problem over rows (indices below Rows, in the
	// order given). It is valid until the next Subset call.
	Subset(rows []int) Problem
}
