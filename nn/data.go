package nn

// Data is a table of examples stored row-major: X holds Rows*Inputs values,
// Y holds Rows*TargetDim values (TargetDim is 1 for classification).
type Data struct {
	X         []float64
	Y         []float64
	Rows      int
	Inputs    int
	TargetDim int
	Task      Task
	// Classes names the class of each index for classification, nil for
	// regression.
	Classes []string
	// Features and Target are the column names.
	Features []string
	Target   string
}

// Outputs is the number of model outputs the data calls for: one per class
// for classification, one per target column otherwise.
func (d *Data) Outputs() int {
	if d.Task == Classification {
		return len(d.Classes)
	}
	return d.TargetDim
}

// Row returns row r's features and target, sharing storage with d.
func (d *Data) Row(r int) (x, y []float64) {
	return d.X[r*d.Inputs : (r+1)*d.Inputs], d.Y[r*d.TargetDim : (r+1)*d.TargetDim]
}
