package runner

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"math"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/version"
)

// JobHash is the content hash (sha256, hex) of everything that fixes the
// result of repeat r of run, whose seed is seed:
//
//   - the data as the job sees it, after split and standardization: the
//     train and test X, Y, shapes, task and class names;
//   - the model: hidden sizes, activation names, initialization ranges;
//   - the loss, as its Go type and field values ("%T%+v");
//   - each pipeline stage's optimizer name and its config as JSON;
//   - the run's stops (MaxEvaluations, MaxCost, ...), the seed, the repeat index;
//   - version.Version, so that a release whose numerics differ never
//     reuses another's results, and version.Arithmetic, so that neither
//     does a build for another architecture or instruction-set level.
//
// Names that do not change a number are left out: renaming a run, a data
// set block or a feature column keeps the hash, so results are reused.
// A config that encoding/json cannot encode (a NaN setting, a func field)
// is an error; its jobs then run every time.
func JobHash(run *Spec, seed uint64, repeat int) (string, error) {
	prefix, err := newHasher().runDigest(run)
	if err != nil {
		return "", err
	}
	return jobDigest(prefix, seed, repeat), nil
}

// arithmetic is version.Arithmetic, a variable so that a test can play
// another build.
var arithmetic = version.Arithmetic

// hashFormat changes whenever the encoding below does, so that old stored
// jobs stop matching rather than matching by accident.
const hashFormat = "nnexp-job-hash/1"

// hasher digests runs, remembering each data set's digest: runs share
// data sets, and hashing a large one is the expensive part.
type hasher struct {
	data map[*nn.Data][]byte
}

func newHasher() *hasher { return &hasher{data: map[*nn.Data][]byte{}} }

// runDigest is the sha256 of everything of run that its jobs share.
func (h *hasher) runDigest(run *Spec) ([]byte, error) {
	if err := checkRun(run); err != nil {
		return nil, err
	}
	if run.Pipeline == nil {
		return nil, fmt.Errorf("runner: run %q has no pipeline", run.Name)
	}
	w := canon{h: sha256.New()}
	w.str(hashFormat)
	w.str(version.Version)
	w.str(arithmetic())

	ds := run.Dataset
	w.str("train")
	w.bytes(h.dataDigest(ds.Train))
	w.str("test")
	w.bytes(h.dataDigest(ds.Test))

	m := run.Model
	w.str("model")
	w.u64(uint64(len(m.Hidden)))
	for _, n := range m.Hidden {
		w.u64(uint64(n))
	}
	w.u64(uint64(len(m.ActivationNames)))
	for _, a := range m.ActivationNames {
		w.str(a)
	}
	w.rng(m.InitWeights)
	w.rng(m.InitBiases)

	w.str("loss")
	w.str(fmt.Sprintf("%[1]T%+[1]v", run.Loss))

	w.str("pipeline")
	w.u64(uint64(len(run.Pipeline.Stages)))
	for i, st := range run.Pipeline.Stages {
		if st == nil {
			return nil, fmt.Errorf("runner: run %q: pipeline stage %d is empty", run.Name, i+1)
		}
		cfg, err := json.Marshal(st.Config)
		if err != nil {
			return nil, fmt.Errorf("runner: run %q: cannot hash optimizer %s: %w", run.Name, st.Optimizer, err)
		}
		w.str(st.Optimizer)
		w.bytes(cfg)
	}

	w.str("budget")
	w.u64(uint64(run.MaxEvaluations))
	// The other stops change what a job does too; they are written only
	// when set, so that the hash of a run without them is unchanged.
	if run.MaxCost != 0 {
		w.str("max_cost")
		w.u64(math.Float64bits(run.MaxCost))
	}
	if run.MaxSeconds != 0 {
		w.str("max_seconds")
		w.u64(math.Float64bits(run.MaxSeconds))
	}
	if run.TargetLoss != nil {
		w.str("target_loss")
		w.u64(math.Float64bits(*run.TargetLoss))
	}
	if run.TargetAccuracy != nil {
		w.str("target_accuracy")
		w.u64(math.Float64bits(*run.TargetAccuracy))
	}
	return w.h.Sum(nil), nil
}

// dataDigest is the sha256 of d's numbers and shape; nil data (no test
// split) has a digest of its own.
func (h *hasher) dataDigest(d *nn.Data) []byte {
	if d == nil {
		return []byte("none")
	}
	if sum, ok := h.data[d]; ok {
		return sum
	}
	w := canon{h: sha256.New()}
	w.u64(uint64(d.Rows))
	w.u64(uint64(d.Inputs))
	w.u64(uint64(d.TargetDim))
	w.str(d.Task.String())
	w.u64(uint64(len(d.Classes)))
	for _, c := range d.Classes {
		w.str(c)
	}
	w.floats(d.X)
	w.floats(d.Y)
	sum := w.h.Sum(nil)
	h.data[d] = sum
	return sum
}

// jobDigest adds what tells a run's jobs apart to the run's digest.
func jobDigest(prefix []byte, seed uint64, repeat int) string {
	w := canon{h: sha256.New()}
	w.bytes(prefix)
	w.u64(seed)
	w.u64(uint64(repeat))
	return hex.EncodeToString(w.h.Sum(nil))
}

// canon writes values to a hash unambiguously: every variable-length
// value is preceded by its length, so no two different inputs share an
// encoding.
type canon struct{ h hash.Hash }

func (c canon) u64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	c.h.Write(b[:])
}

func (c canon) bytes(b []byte) {
	c.u64(uint64(len(b)))
	c.h.Write(b)
}

func (c canon) str(s string) { c.bytes([]byte(s)) }

// floats writes the bits of every value, so that -0 and 0, or two NaNs
// with different payloads, are different data, as they may be to a model.
func (c canon) floats(v []float64) {
	c.u64(uint64(len(v)))
	buf := make([]byte, 0, 8*min(len(v), 4096))
	for len(v) > 0 {
		n := min(len(v), 4096)
		buf = buf[:0]
		for _, f := range v[:n] {
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(f))
		}
		c.h.Write(buf)
		v = v[n:]
	}
}

func (c canon) rng(r *nn.Range) {
	if r == nil {
		c.str("default")
		return
	}
	c.str("range")
	c.u64(math.Float64bits(r.Lo))
	c.u64(math.Float64bits(r.Hi))
}
