package scorer

import "github.com/nnexp/nnexp/nn"

// oneHotView is data and loss as the scorer works on them: a regression
// loss on classes (nn.OneHotted: mse on classification data) becomes that
// regression loss on the rows' one-hot targets, so that the closed-form
// and bulk paths, which read a target per output, apply. The row losses
// are the same bits (nn.OneHotted's promise), so the scores keep the
// exact promise against Func, which scores the class indices. Data whose
// targets are not every one a class index of an output are left as they
// are (their loss is NaN either way).
func oneHotView(data *nn.Data, loss nn.Loss, outputs int) (*nn.Data, nn.Loss) {
	oh, ok := loss.(nn.OneHotted)
	if !ok || data.Task != nn.Classification || data.TargetDim != 1 || outputs < 1 {
		return data, loss
	}
	y := make([]float64, data.Rows*outputs)
	for r := range data.Rows {
		c, ok := nn.ClassIndex(data.Y[r], outputs)
		if !ok {
			return data, loss
		}
		y[r*outputs+c] = 1
	}
	view := *data
	view.Y, view.TargetDim, view.Task, view.Classes = y, outputs, nn.Regression, nil
	return &view, oh.Regression()
}
