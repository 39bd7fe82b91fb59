package runner

import "math/rand/v2"

// The job seed feeds two independent PCG streams. The initial parameters
// depend on nothing but the seed (not the run name or the method), so runs
// sharing a model and a seed start each repeat from the same point and
// their comparison is paired; the method draws from a stream of its own so
// that a method using randomness cannot shift the initialisation.
const (
	initStream   uint64 = 0x696e6974 // "init"
	methodStream uint64 = 0x6d657468 // "meth"
)

func initRand(seed uint64) *rand.Rand   { return rand.New(rand.NewPCG(seed, initStream)) }
func methodRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, methodStream)) }
