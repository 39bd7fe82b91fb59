package nntest_test

import (
	"strings"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/nn/nntest"
)

func TestGoodLossesPass(t *testing.T) {
	for _, l := range []nn.Loss{losses.MSE{}, losses.MAE{}, losses.Huber{Delta: 1}, losses.Huber{Delta: 0.37},
		losses.Huber{Delta: 1e3}, losses.CrossEntropy{}, losses.ZeroOne{}} {
		if err := nntest.TestLoss(l, nntest.LossOptions{}); err != nil {
			t.Errorf("%#v: %v", l, err)
		}
	}
}

func TestNil(t *testing.T) {
	if err := nntest.TestLoss(nil, nntest.LossOptions{}); err == nil || err.Error() != "nntest: the loss is nil" {
		t.Errorf("nil loss: %v", err)
	}
	if err := nntest.TestActivation(nil, nntest.ActivationOptions{}); err == nil || err.Error() != "nntest: the activation is nil" {
		t.Errorf("nil activation: %v", err)
	}
}

func TestGoodActivationsPass(t *testing.T) {
	for _, a := range []nn.Activation{activations.ReLU, activations.Tanh, activations.Sigmoid,
		activations.Identity, activations.LeakyReLU, elu{}.withoutPromise()} {
		if err := nntest.TestActivation(a, nntest.ActivationOptions{}); err != nil {
			t.Errorf("%#v: %v", a, err)
		}
	}
}

// Each broken loss is rejected with an error that names what it broke.
func TestBrokenLossesAreCaught(t *testing.T) {
	for _, c := range []struct {
		name string
		loss nn.Loss
		want string
	}{
		{"half gradient", halfGrad{}, "nntest: RowGrad's gradient at out = [-1000], target = [0] has grad[0] = -1000, but the central difference of Row is -1999.99"},
		{"RowGrad not Row", unaveraged{}, "nntest: RowGrad(grad, [0.3 -1.2 2.5], [1.1 -0.4 -0.6]) returned 4.7 but Row returned 1.5666666666666667; they must be equal bit for bit"},
		{"writes past", overwrites{}, "nntest: RowGrad(grad, [-1000], [0]) wrote grad[1], past the 1 outputs"},
		{"wrong knots", wideHuber{losses.Huber{Delta: 1}}, "nntest: Row([-2.2], [0]) = 1.7000000000000002, but the error -2.2 is on piece 0, where ErrorPiece gives 0·d² + -2·d + -2 = 2.4000000000000004"},
		{"repeated knot", unordered{}, "nntest: ErrorKnots [0 0] are not in strictly ascending order"},
		{"negative a2", concave{}, "nntest: ErrorPiece(0) has a2 = -1; it must be at least 0"},
		{"a1 off by 1e-9", slightlyOff{}, "nntest: Row([0.1], [0]) = 0.1, but the error 0.1 is on piece 1, where ErrorPiece gives 0·d² + 1.000000001·d + 0 = 0.1000000001"},
		{"modifies out", clamping{}, "nntest: Row([-1000], [0]) modified its arguments to [-10], [0]"},
		{"not squared", notSquared{}, "nntest: IsSquaredError reports true, but Row([-1000], [0]) = 1000, not the mean squared error 1e+06"},
		{"smoothed", smoothed{}, "nntest: IsSoftmaxCrossEntropy reports true, but Row([0.3 -1.2 2.1], [0]) ="},
	} {
		err := nntest.TestLoss(c.loss, nntest.LossOptions{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error\n%v\nwant it to say %q", c.name, err, c.want)
		}
	}
}

// Each broken activation is rejected with an error that names what it
// broke.
func TestBrokenActivationsAreCaught(t *testing.T) {
	tanh := activations.Tanh.(nn.LayerActivation)
	leaky := activations.LeakyReLU.(nn.LayerActivation)
	for _, c := range []struct {
		name string
		act  nn.Activation
		want string
	}{
		{"wrong derivative", badTanh{tanh}, "nntest: Derivative(0.013, Apply(0.013)) = 0.987000732283831, but the central difference of Apply is 0.99983"},
		{"layer gives -0", negZeroReLU{activations.ReLU}, "nntest: ApplyLayer gives -0 at z = -0, Apply 0; they must be equal bit for bit"},
		{"layer slope", steepLeaky{leaky}, "nntest: ScaleByDerivative gives 0.15000000000000002 at z = 0 with delta 1.5, but delta·Derivative is 0.015"},
		{"elu is not linear", elu{}, "nntest: Apply(-1e-08) = -9.999999950000001e-09, but PiecewiseLinear promises NegativeSlope()·z = 1·-1e-08 = -1e-08 for z <= 0"},
	} {
		err := nntest.TestActivation(c.act, nntest.ActivationOptions{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error\n%v\nwant it to say %q", c.name, err, c.want)
		}
	}
}
