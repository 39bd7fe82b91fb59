package registry

import (
	"fmt"
	"reflect"
	"sort"
	"sync"

	"github.com/nnexp/nnexp/internal/callsite"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/optimize"
)

// OptimizerConfig is an optimizer's settings: a pointer to a struct whose
// fields carry `hcl:"name,optional"` (or `hcl:"name,block"`) tags; the
// experiment loader decodes a block's body into it, so the optimizer
// package itself never imports HCL. It is a MethodConfig (one method) or a
// Preset (a fixed pipeline of other optimizers' configs), and may also
// implement Validator and GradientUser. RegisterOptimizer checks all of
// this when it is called, so a mistake shows the first time the program
// starts rather than when a file first uses the optimizer.
type OptimizerConfig any

// MethodConfig is an OptimizerConfig that builds one method.
type MethodConfig interface {
	// Method builds a fresh method from the settings; each job gets its own.
	Method() optimize.Method
}

// Preset is an OptimizerConfig that stands for a fixed pipeline: the
// runner runs its stages in order on the same parameters, exactly as if
// the file had written them as optimizer blocks of a pipeline, and names
// each stage "<optimizer>.<stage>" ("hybrid.search"). There is one way to
// compose optimizers, the pipeline; a preset only spells one.
type Preset interface {
	// Stages returns the configs to run, in order; each is a
	// MethodConfig or, nested, a Preset.
	Stages() []PresetStage
}

// PresetStage is one stage of a Preset.
type PresetStage struct {
	Name   string
	Config OptimizerConfig
}

// Optimizer is a registered optimizer.
type Optimizer struct {
	// Name is what experiment files write: optimizer "search" { ... }.
	Name string
	// Doc is one line for `nnexp list`.
	Doc string
	// New returns a pointer to a config holding the defaults; attributes a
	// file sets overwrite them.
	New func() OptimizerConfig
}

// LossConfig is a configured loss, decoded like OptimizerConfig.
type LossConfig interface {
	Loss() nn.Loss
}

// Loss is a registered loss.
type Loss struct {
	Name string
	Doc  string
	New  func() LossConfig
}

// Dataset is a data set registered by name, built-in or from a user's
// Go module; a dataset block names it with source = "<name>" and gives it
// no settings of its own (test_fraction, standardize, scale and test
// apply to any source).
type Dataset struct {
	Name string
	Doc  string
	// Load returns the full table. It is called once per dataset block
	// that names the data set, so an expensive one should cache its table
	// (the built-ins use sync.OnceValues); the caller must not modify the
	// result. The table must be usable as datasets.Check defines it
	// (at least one row and input, X and Y of Rows·Inputs and
	// Rows·TargetDim finite values; for classification, whole labels
	// indexing at least two Classes): planning an experiment checks it,
	// and refuses one that is not at the dataset block.
	Load func() (*nn.Data, error)
}

// Activation is a registered activation function.
type Activation struct {
	Name  string
	Doc   string
	Value nn.Activation
}

// Validator is implemented by configs that check their settings after
// decoding. Return a *SettingError to point at the offending attribute.
type Validator interface {
	Validate() error
}

// GradientUser is implemented by optimizer configs that follow gradients,
// so an experiment that pairs them with a non-differentiable loss is
// rejected before it runs.
type GradientUser interface {
	UsesGradient() bool
}

// LossChecker is implemented by optimizer configs that can minimize some
// losses only (lstsq solves the output layer of the mean squared error),
// so that validate rejects a run pairing them with another loss, as it
// rejects a gradient method on a loss without a gradient, instead of the
// job failing when it runs. The runner still asks ProblemChecker.
type LossChecker interface {
	CheckLoss(loss nn.Loss) error
}

// ProblemChecker is implemented by method configs that can tell, before a
// job starts, whether their method can minimize its problem (Adam needs a
// gradient). The runner asks every stage of a pipeline before the first
// one runs, so a later stage that cannot run fails its job before the
// earlier stages spend their time.
type ProblemChecker interface {
	CheckProblem(p optimize.Problem) error
}

// SettingError is a Validate error about one setting. Setting is the
// attribute name as the file writes it, dotted for nested blocks
// ("adam.learning_rate"), a block that may repeat with its place among
// its kind from 0 ("layer[1].weight_steps", the second layer block), so
// that the diagnostic points at the attribute at fault.
type SettingError struct {
	Setting string
	Message string
}

func (e *SettingError) Error() string { return e.Setting + ": " + e.Message }

// Unjoin is the errors err joins (errors.Join), those they join in turn
// flattened in order, err alone when it joins none, and none for nil: a
// Validate that reports every bad setting at once, a nested block's
// settings among them.
func Unjoin(err error) []error {
	if err == nil {
		return nil
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range joined.Unwrap() {
		out = append(out, Unjoin(e)...)
	}
	return out
}

// Invalid returns a *SettingError.
func Invalid(setting, format string, args ...any) error {
	return &SettingError{Setting: setting, Message: fmt.Sprintf(format, args...)}
}

type table[T any] struct {
	kind  string
	mu    sync.RWMutex
	items map[string]T
	// by says where each name was registered, for the panic of a name
	// registered twice: which of two init functions came first depends on
	// the import order, so naming only the second would often blame the
	// built-in.
	by map[string]string
}

func (t *table[T]) register(name string, v T) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if name == "" {
		panic("registry: " + t.kind + " registered without a name")
	}
	here := callsite.Outside("github.com/nnexp/nnexp/registry")
	if _, dup := t.items[name]; dup {
		panic(fmt.Sprintf("registry: %s %q registered twice: first at %s, again at %s", t.kind, name, t.by[name], here))
	}
	if t.items == nil {
		t.items, t.by = map[string]T{}, map[string]string{}
	}
	t.items[name], t.by[name] = v, here
}

func (t *table[T]) lookup(name string) (T, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if v, ok := t.items[name]; ok {
		return v, nil
	}
	var zero T
	msg := fmt.Sprintf("unknown %s %q", t.kind, name)
	if near := Nearest(name, t.namesLocked()); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	} else {
		msg += " (forgotten import?)"
	}
	return zero, &UnknownError{Kind: t.kind, Name: name, msg: msg}
}

func (t *table[T]) names() []string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.namesLocked()
}

func (t *table[T]) namesLocked() []string {
	names := make([]string, 0, len(t.items))
	for n := range t.items {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// UnknownError is returned for a name nobody registered.
type UnknownError struct {
	Kind, Name string
	msg        string
}

func (e *UnknownError) Error() string { return e.msg }

var (
	optimizers  = table[Optimizer]{kind: "optimizer"}
	losses      = table[Loss]{kind: "loss"}
	datasets    = table[Dataset]{kind: "dataset"}
	activations = table[Activation]{kind: "activation"}
)

// RegisterOptimizer makes an optimizer available by name. It panics, naming
// the optimizer, if the name is taken, New is nil, New's config is not a
// non-nil pointer to a struct that is a MethodConfig or a Preset, or its
// defaults do not pass its own Validate: the loader decodes a file's
// attributes into what New returns, which needs a pointer, an empty block
// takes the defaults as they are, and a mistake found here is found by
// every test of the program rather than by each user of the optimizer.
func RegisterOptimizer(o Optimizer) {
	if o.New == nil {
		panic(fmt.Sprintf("registry: optimizer %q has no New", o.Name))
	}
	cfg := o.New()
	checkConfig("optimizer", o.Name, cfg)
	switch cfg.(type) {
	case MethodConfig, Preset:
	default:
		panic(fmt.Sprintf("registry: optimizer %q: New returns a %T, which has neither Method() optimize.Method nor Stages() []registry.PresetStage", o.Name, cfg))
	}
	if v, ok := cfg.(Validator); ok {
		if err := v.Validate(); err != nil {
			panic(fmt.Sprintf("registry: optimizer %q: the defaults New returns do not pass its Validate: %v", o.Name, err))
		}
	}
	optimizers.register(o.Name, o)
}

// RegisterLoss makes a loss available by name. It panics, naming the
// loss, if the name is taken, New is nil or New's config is not a non-nil
// pointer to a struct.
func RegisterLoss(l Loss) {
	if l.New == nil {
		panic(fmt.Sprintf("registry: loss %q has no New", l.Name))
	}
	checkConfig("loss", l.Name, l.New())
	losses.register(l.Name, l)
}

// RegisterDataset makes a data set available by name. It panics, as for
// a name registered twice, when d has no Load.
func RegisterDataset(d Dataset) {
	if d.Load == nil {
		panic(fmt.Sprintf("registry: dataset %q has no Load", d.Name))
	}
	datasets.register(d.Name, d)
}

// RegisterActivation makes an activation available by name. It panics, as
// for a name registered twice, when a has no Value.
func RegisterActivation(a Activation) {
	if a.Value == nil {
		panic(fmt.Sprintf("registry: activation %q has no Value", a.Name))
	}
	activations.register(a.Name, a)
}

// checkConfig panics unless cfg is a non-nil pointer to a struct, the only
// thing the loader can decode a block into, whose fields it can decode
// (checkFields).
func checkConfig(kind, name string, cfg any) {
	v := reflect.ValueOf(cfg)
	switch {
	case v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct && !v.IsNil():
		panic(fmt.Sprintf("registry: %s %q: New must return a non-nil pointer to a struct (the settings a block decodes into), got %T", kind, name, cfg))
	case v.IsNil():
		panic(fmt.Sprintf("registry: %s %q: New must return a non-nil pointer to a struct (the settings a block decodes into), got a nil %T", kind, name, cfg))
	}
	checkFields(kind, name, v.Elem().Type(), "")
}

// LookupOptimizer returns the optimizer registered as name, or an
// *UnknownError naming the closest registered one.
func LookupOptimizer(name string) (Optimizer, error) { return optimizers.lookup(name) }

// LookupLoss returns the loss registered as name.
func LookupLoss(name string) (Loss, error) { return losses.lookup(name) }

// LookupDataset returns the data set registered as name.
func LookupDataset(name string) (Dataset, error) { return datasets.lookup(name) }

// LookupActivation returns the activation registered as name.
func LookupActivation(name string) (Activation, error) { return activations.lookup(name) }

// Optimizers lists the registered optimizer names, sorted.
func Optimizers() []string { return optimizers.names() }

// Losses lists the registered loss names, sorted.
func Losses() []string { return losses.names() }

// Datasets lists the registered data set names, sorted.
func Datasets() []string { return datasets.names() }

// Activations lists the registered activation names, sorted.
func Activations() []string { return activations.names() }

// Nearest returns the candidate closest to name by edit distance, or "" when
// none is close enough to be a likely typo.
func Nearest(name string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(name, c)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(2, len(name)/3)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
