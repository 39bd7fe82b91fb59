package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/nnexp/nnexp/nn"
)

// splitStream is the PCG stream for Split, fixed so that a seed names the
// same split in every version of the program.
const splitStream = 0x5eed5eed

// Split shuffles row indices with seed and puts the last
// floor(fraction*rows) of them in test, keeping the rest in train, both in
// their original row order. fraction 0 gives a nil test.
func Split(d *nn.Data, fraction float64, seed uint64) (train, test *nn.Data, err error) {
	if d == nil {
		return nil, nil, fmt.Errorf("datasets: no data to split")
	}
	if !(fraction >= 0 && fraction < 1) {
		return nil, nil, fmt.Errorf("datasets: test_fraction %g is not in [0, 1)", fraction)
	}
	if len(d.X) != d.Rows*d.Inputs || len(d.Y) != d.Rows*d.TargetDim {
		return nil, nil, fmt.Errorf("datasets: cannot split a table whose X or Y length does not match its %d rows", d.Rows)
	}
	if fraction == 0 {
		return d, nil, nil
	}
	nTest := int(math.Floor(fraction * float64(d.Rows)))
	switch {
	case d.Rows-nTest <= 0:
		return nil, nil, fmt.Errorf("datasets: test_fraction %g of %d rows leaves no training rows", fraction, d.Rows)
	case nTest == 0:
		return nil, nil, fmt.Errorf("datasets: test_fraction %g of %d rows leaves no test rows", fraction, d.Rows)
	}

	perm := make([]int, d.Rows)
	for i := range perm {
		perm[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, splitStream))
	rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	inTest := make([]bool, d.Rows)
	for _, r := range perm[d.Rows-nTest:] {
		inTest[r] = true
	}

	train, test = emptyLike(d, d.Rows-nTest), emptyLike(d, nTest)
	for r := range d.Rows {
		x, y := d.Row(r)
		dst := train
		if inTest[r] {
			dst = test
		}
		dst.X = append(dst.X, x...)
		dst.Y = append(dst.Y, y...)
	}
	return train, test, nil
}

// emptyLike returns a table with d's columns and task, room for rows rows
// and none filled in yet.
func emptyLike(d *nn.Data, rows int) *nn.Data {
	return &nn.Data{
		X:         make([]float64, 0, rows*d.Inputs),
		Y:         make([]float64, 0, rows*d.TargetDim),
		Rows:      rows,
		Inputs:    d.Inputs,
		TargetDim: d.TargetDim,
		Task:      d.Task,
		Classes:   slices.Clone(d.Classes),
		Features:  slices.Clone(d.Features),
		Target:    d.Target,
	}
}
