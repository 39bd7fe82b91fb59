package objective_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/objective"
)

func TestZZDebug(t *testing.T) {
	trial, _ := strconv.Atoi(os.Getenv("ZZ_TRIAL"))
	stop, _ := strconv.Atoi(os.Getenv("ZZ_STEP"))
	rng := rand.New(rand.NewPCG(uint64(trial), 8080))
	sc := newStressCase(rng, false, false, os.Getenv("ZZ_NF") != "")
	fmt.Println(sc.describe, "workers", sc.workers)
	fmt.Println("X", sc.data.X, "Y", sc.data.Y)
	// replay stressTrial up to the step, with the same rng draws
	x, grid := sc.x, sc.grid
	plain := objective.New(sc.model, sc.data, losses.MSE{})
	fast := objective.New(sc.model, sc.data, losses.MSE{})
	fast.SetWorkers(sc.workers)
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
	}
	f := plain.Func(x)
	scratch := make([]float64, len(grid))
	pos := 0
	for step := range 120 {
		i := pos % len(x)
		pos++
		switch {
		case rng.IntN(5) == 0:
			i = rng.IntN(len(x))
		case rng.IntN(15) == 0:
			pos = rng.IntN(len(x))
		}
		g := grid
		if rng.IntN(25) == 0 {
			g = []float64{grid[len(grid)-1], grid[0]}
		}
		if step == stop {
			fmt.Println("x", x, "i", i, "f", f)
			for _, v := range g {
				keep := x[i]
				x[i] = v
				fmt.Println(" value", v, "Func", plain.Func(x))
				x[i] = keep
			}
		}
		want, wf := plainChoice(plain, x, i, f, g)
		got, gf, known := fast.ChooseCoordinate(scratch, x, i, g)
		fmt.Println("step", step, "i", i, "want", want, wf, "got", got, gf, known, len(g))
		if step == stop {
			fmt.Println("want", want, wf, "got", got, gf, known, "scratch", scratch)
			return
		}
		_ = known
		if want >= 0 {
			x[i], f = g[want], wf
		}
		switch rng.IntN(16) {
		case 0:
			fast.Func(x)
		case 1:
			fast.KnownLoss(x)
		case 2:
			x[i] = grid[rng.IntN(len(grid))] + 0.25
			f = plain.Func(x)
		case 3:
			x[rng.IntN(len(x))] = float64(rng.IntN(5) - 2)
			x[rng.IntN(len(x))] = float64(rng.IntN(5) - 2)
			f = plain.Func(x)
		case 4:
			x[rng.IntN(len(x))] = float64(rng.IntN(9)-4) * 0.5
			f = plain.Func(x)
		case 5:
			if step == stop-0 {
			}
			if msg := stressPromise(fast, plain, x, rng.IntN(len(x)), grid, f, same); msg != "" {
				fmt.Println("promise", step, msg)
			}
		case 6:
			fast.SetWorkers(1 + rng.IntN(3))
		case 7:
			if want >= 0 {
				x[i] = grid[rng.IntN(len(grid))]
				f = plain.Func(x)
			}
		}
	}
}
