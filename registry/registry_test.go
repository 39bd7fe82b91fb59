package registry_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// The registry is global and other packages linked into a test binary may
// register names too, so these tests use names starting "zz_" and never
// assume a table is empty. They register from init, once per process, so
// that -count=N does not register twice.

type optConfig struct{}

func (*optConfig) Method() optimize.Method { return nil }

type lossConfig struct{}

func (*lossConfig) Loss() nn.Loss { return nil }

type act struct{}

func (act) Apply(z float64) float64         { return z }
func (act) Derivative(z, a float64) float64 { return 1 }

func newOpt() registry.OptimizerConfig { return &optConfig{} }
func newLoss() registry.LossConfig     { return &lossConfig{} }
func load() (*nn.Data, error)          { return &nn.Data{}, nil }

func init() {
	for _, name := range []string{"zz_alpha", "zz_beta", "zz_gamma", "zz_dup"} {
		registry.RegisterOptimizer(registry.Optimizer{Name: name, Doc: "test", New: newOpt})
	}
	for _, name := range []string{"zz_mse_like", "zz_hinge"} {
		registry.RegisterLoss(registry.Loss{Name: name, New: newLoss})
	}
	for _, name := range []string{"zz_iris_like", "zz_moons"} {
		registry.RegisterDataset(registry.Dataset{Name: name, Load: load})
	}
	for _, name := range []string{"zz_softplus", "zz_gelu"} {
		registry.RegisterActivation(registry.Activation{Name: name, Value: act{}})
	}
}

// panics runs f and returns the message it panicked with, or fails.
func panics(t *testing.T, what string, f func()) string {
	t.Helper()
	var msg string
	func() {
		defer func() {
			r := recover()
			if r == nil {
				t.Errorf("%s did not panic", what)
				return
			}
			msg, _ = r.(string)
		}()
		f()
	}()
	return msg
}

func TestDuplicatePanics(t *testing.T) {
	msg := panics(t, "second zz_dup", func() {
		registry.RegisterOptimizer(registry.Optimizer{Name: "zz_dup", New: newOpt})
	})
	if !strings.Contains(msg, "zz_dup") || !strings.Contains(msg, "twice") {
		t.Errorf("panic %q does not name zz_dup as registered twice", msg)
	}
	// Both places, each the first frame outside the registry: the first
	// registration in this file's init, the second in this test.
	if !strings.Contains(msg, "registry_test.go:") || !strings.Contains(msg, "registry_test.init") || !strings.Contains(msg, "TestDuplicatePanics") {
		t.Errorf("panic %q does not say where zz_dup was registered each time", msg)
	}
	msg = panics(t, "second zz_hinge", func() {
		registry.RegisterLoss(registry.Loss{Name: "zz_hinge", New: newLoss})
	})
	if !strings.Contains(msg, "zz_hinge") || !strings.Contains(msg, "loss") {
		t.Errorf("panic %q does not name loss zz_hinge", msg)
	}
	// The first registration is still the one looked up.
	o, err := registry.LookupOptimizer("zz_dup")
	if err != nil || o.Doc != "test" {
		t.Errorf("LookupOptimizer(zz_dup) = %+v, %v", o, err)
	}
}

func TestMissingValuePanics(t *testing.T) {
	cases := []struct {
		name, want string
		register   func()
		lookup     func() error
	}{
		{"optimizer", "zz_nonew", func() { registry.RegisterOptimizer(registry.Optimizer{Name: "zz_nonew"}) },
			func() error { _, err := registry.LookupOptimizer("zz_nonew"); return err }},
		{"loss", "zz_nonew", func() { registry.RegisterLoss(registry.Loss{Name: "zz_nonew"}) },
			func() error { _, err := registry.LookupLoss("zz_nonew"); return err }},
		{"dataset", "zz_noload", func() { registry.RegisterDataset(registry.Dataset{Name: "zz_noload"}) },
			func() error { _, err := registry.LookupDataset("zz_noload"); return err }},
		{"activation", "zz_novalue", func() { registry.RegisterActivation(registry.Activation{Name: "zz_novalue"}) },
			func() error { _, err := registry.LookupActivation("zz_novalue"); return err }},
		{"empty name", "without a name", func() { registry.RegisterOptimizer(registry.Optimizer{New: newOpt}) },
			func() error { _, err := registry.LookupOptimizer(""); return err }},
	}
	for _, c := range cases {
		msg := panics(t, c.name, c.register)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: panic %q does not mention %q", c.name, msg, c.want)
		}
		if c.lookup() == nil {
			t.Errorf("%s: registered despite the panic", c.name)
		}
	}
}

// byValue is the mistake gohcl used to report with a stack trace when a
// file first used the optimizer: a config returned by value.
type byValue struct {
	Steps int `hcl:"steps,optional"`
}

func (byValue) Method() optimize.Method { return nil }
func (byValue) Loss() nn.Loss           { return nil }

type notStruct int

func (*notStruct) Method() optimize.Method { return nil }

type noMethod struct{}

// TestBadConfigPanicsAtRegistration: New is called at registration, and a
// config the loader could not decode into, or the runner could not run,
// panics there with the component's name.
func TestBadConfigPanicsAtRegistration(t *testing.T) {
	opt := func(name string, cfg registry.OptimizerConfig) func() {
		return func() {
			registry.RegisterOptimizer(registry.Optimizer{Name: name, New: func() registry.OptimizerConfig { return cfg }})
		}
	}
	cases := []struct {
		what, name string
		register   func()
		want       string
	}{
		{"optimizer config by value", "zz_by_value", opt("zz_by_value", byValue{}),
			`registry: optimizer "zz_by_value": New must return a non-nil pointer to a struct (the settings a block decodes into), got registry_test.byValue`},
		{"nil optimizer config", "zz_nil_config", opt("zz_nil_config", (*byValue)(nil)),
			`registry: optimizer "zz_nil_config": New must return a non-nil pointer to a struct (the settings a block decodes into), got a nil *registry_test.byValue`},
		{"pointer to a non-struct", "zz_not_struct", opt("zz_not_struct", new(notStruct)),
			`registry: optimizer "zz_not_struct": New must return a non-nil pointer to a struct (the settings a block decodes into), got *registry_test.notStruct`},
		{"untyped nil", "zz_untyped_nil", opt("zz_untyped_nil", nil),
			`registry: optimizer "zz_untyped_nil": New must return a non-nil pointer to a struct (the settings a block decodes into), got <nil>`},
		{"neither method nor preset", "zz_no_method", opt("zz_no_method", &noMethod{}),
			`registry: optimizer "zz_no_method": New returns a *registry_test.noMethod, which has neither Method() optimize.Method nor Stages() []registry.PresetStage`},
		{"loss config by value", "zz_loss_by_value", func() {
			registry.RegisterLoss(registry.Loss{Name: "zz_loss_by_value", New: func() registry.LossConfig { return byValue{} }})
		}, `registry: loss "zz_loss_by_value": New must return a non-nil pointer to a struct (the settings a block decodes into), got registry_test.byValue`},
	}
	for _, c := range cases {
		if msg := panics(t, c.what, c.register); msg != c.want {
			t.Errorf("%s: panic\n%s\nwant\n%s", c.what, msg, c.want)
		}
		_, errOpt := registry.LookupOptimizer(c.name)
		_, errLoss := registry.LookupLoss(c.name)
		if errOpt == nil || errLoss == nil {
			t.Errorf("%s: registered despite the panic", c.what)
		}
	}
}

func TestListsSortedAndComplete(t *testing.T) {
	lists := []struct {
		kind  string
		names []string
		want  []string
	}{
		{"optimizers", registry.Optimizers(), []string{"zz_alpha", "zz_beta", "zz_dup", "zz_gamma"}},
		{"losses", registry.Losses(), []string{"zz_hinge", "zz_mse_like"}},
		{"datasets", registry.Datasets(), []string{"zz_iris_like", "zz_moons"}},
		{"activations", registry.Activations(), []string{"zz_gelu", "zz_softplus"}},
	}
	for _, l := range lists {
		if !slices.IsSorted(l.names) {
			t.Errorf("%s not sorted: %v", l.kind, l.names)
		}
		var ours []string
		for _, n := range l.names {
			if strings.HasPrefix(n, "zz_") {
				ours = append(ours, n)
			}
		}
		if !slices.Equal(ours, l.want) {
			t.Errorf("%s lists %v of ours, want %v", l.kind, ours, l.want)
		}
	}
	// The list is a copy: changing it does not change the registry.
	names := registry.Optimizers()
	i := slices.Index(names, "zz_alpha")
	names[i] = "zz_changed"
	if !slices.Contains(registry.Optimizers(), "zz_alpha") {
		t.Error("editing the returned list changed the registry")
	}
}

func TestLookupFound(t *testing.T) {
	if o, err := registry.LookupOptimizer("zz_beta"); err != nil || o.Name != "zz_beta" || o.New == nil {
		t.Errorf("LookupOptimizer(zz_beta) = %+v, %v", o, err)
	}
	if l, err := registry.LookupLoss("zz_hinge"); err != nil || l.Name != "zz_hinge" {
		t.Errorf("LookupLoss(zz_hinge) = %+v, %v", l, err)
	}
	if d, err := registry.LookupDataset("zz_moons"); err != nil || d.Name != "zz_moons" {
		t.Errorf("LookupDataset(zz_moons) = %+v, %v", d, err)
	}
	if a, err := registry.LookupActivation("zz_gelu"); err != nil || a.Value == nil {
		t.Errorf("LookupActivation(zz_gelu) = %+v, %v", a, err)
	}
	// Names are case-sensitive.
	if _, err := registry.LookupOptimizer("ZZ_BETA"); err == nil {
		t.Error("LookupOptimizer(ZZ_BETA) found zz_beta")
	}
}

func TestLookupUnknown(t *testing.T) {
	far := "qqqqqqqqqqqqqqqqqqqqqqqq"
	cases := []struct {
		kind, name, msg string
		lookup          func(string) error
	}{
		{"optimizer", "zz_alpah", `unknown optimizer "zz_alpah" (did you mean "zz_alpha"?)`,
			func(n string) error { _, err := registry.LookupOptimizer(n); return err }},
		{"optimizer", far, `unknown optimizer "` + far + `" (forgotten import?)`,
			func(n string) error { _, err := registry.LookupOptimizer(n); return err }},
		{"loss", "zz_hing", `unknown loss "zz_hing" (did you mean "zz_hinge"?)`,
			func(n string) error { _, err := registry.LookupLoss(n); return err }},
		{"loss", far, `unknown loss "` + far + `" (forgotten import?)`,
			func(n string) error { _, err := registry.LookupLoss(n); return err }},
		{"dataset", "zz_mons", `unknown dataset "zz_mons" (did you mean "zz_moons"?)`,
			func(n string) error { _, err := registry.LookupDataset(n); return err }},
		{"activation", "zz_gleu", `unknown activation "zz_gleu" (did you mean "zz_gelu"?)`,
			func(n string) error { _, err := registry.LookupActivation(n); return err }},
		{"activation", far, `unknown activation "` + far + `" (forgotten import?)`,
			func(n string) error { _, err := registry.LookupActivation(n); return err }},
	}
	for _, c := range cases {
		err := c.lookup(c.name)
		var ue *registry.UnknownError
		if !errors.As(err, &ue) {
			t.Errorf("lookup %s %q: error %v (%T), want *UnknownError", c.kind, c.name, err, err)
			continue
		}
		if ue.Kind != c.kind || ue.Name != c.name {
			t.Errorf("UnknownError{Kind: %q, Name: %q}, want %q, %q", ue.Kind, ue.Name, c.kind, c.name)
		}
		if err.Error() != c.msg {
			t.Errorf("message %q, want %q", err, c.msg)
		}
	}
}

func TestSettingError(t *testing.T) {
	err := registry.Invalid("adam.learning_rate", "must be positive, got %g", -0.5)
	var se *registry.SettingError
	if !errors.As(err, &se) || se.Setting != "adam.learning_rate" || se.Message != "must be positive, got -0.5" {
		t.Fatalf("Invalid = %#v", err)
	}
	if got := err.Error(); got != "adam.learning_rate: must be positive, got -0.5" {
		t.Errorf("Error() = %q", got)
	}
}

func TestNearest(t *testing.T) {
	cands := []string{"adam", "hybrid", "search"}
	cases := []struct{ name, want string }{
		{"serach", "search"}, // transposition: distance 2, limit 2
		{"search", "search"},
		{"adma", "adam"},
		{"hybird", "hybrid"},
		{"sxxxch", ""},   // distance 3 > limit max(2, 6/3)
		{"xyz", ""},      // distance 4 from adam
		{"ad", "adam"},   // distance 2
		{"", ""},         // distance 4 from adam
		{"Adam", "adam"}, // case counts as one edit
	}
	for _, c := range cases {
		if got := registry.Nearest(c.name, cands); got != c.want {
			t.Errorf("Nearest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	// A long name allows len/3 edits: 9 letters, 3 edits.
	long := []string{"abcdefghi"}
	if got := registry.Nearest("abcxyzghi", long); got != "abcdefghi" {
		t.Errorf("3 edits in 9 letters: Nearest = %q, want abcdefghi", got)
	}
	if got := registry.Nearest("abwxyzghi", long); got != "" {
		t.Errorf("4 edits in 9 letters: Nearest = %q, want none", got)
	}
	if got := registry.Nearest("x", nil); got != "" {
		t.Errorf("Nearest with no candidates = %q", got)
	}
	// On a tie the first candidate wins.
	if got := registry.Nearest("ab", []string{"ax", "xb"}); got != "ax" {
		t.Errorf("tie: Nearest = %q, want the first, ax", got)
	}
}

// badDefaults is a config whose own Validate refuses its defaults.
type badDefaults struct {
	Steps int `hcl:"steps,optional"`
}

func (*badDefaults) Method() optimize.Method { return nil }

func (c *badDefaults) Validate() error {
	if c.Steps < 1 {
		return registry.Invalid("steps", "must be at least 1, got %d", c.Steps)
	}
	return nil
}

// An optimizer whose defaults fail its own Validate is refused when it
// registers, not in every file that uses it with an empty block.
func TestInvalidDefaultsPanic(t *testing.T) {
	msg := panics(t, "zz_bad_defaults", func() {
		registry.RegisterOptimizer(registry.Optimizer{Name: "zz_bad_defaults", New: func() registry.OptimizerConfig { return &badDefaults{} }})
	})
	if want := `registry: optimizer "zz_bad_defaults": the defaults New returns do not pass its Validate: steps: must be at least 1, got 0`; msg != want {
		t.Errorf("panic %q, want %q", msg, want)
	}
	if _, err := registry.LookupOptimizer("zz_bad_defaults"); err == nil {
		t.Error("the refused optimizer was registered")
	}
}

type (
	chanField struct {
		Feed chan int `hcl:"feed,optional"`
	}
	embedded struct {
		Rate float64 `hcl:"rate,optional"`
	}
	embeddedUntagged struct {
		embedded
		Mode string `hcl:"mode,optional"`
	}
	noTags struct{ Rate, Decay float64 }
	shared struct {
		Seed int `hcl:"seed,optional"`
	}
	common        struct{ shared }
	unexportedTag struct {
		rate float64 `hcl:"rate,optional"`
	}
	embeddedDeep struct {
		common
		Mode string `hcl:"mode,optional"`
	}
	blockNotAStruct struct {
		Plateau float64 `hcl:"plateau,block"`
	}
	nestedChan struct {
		Plateau *chanField `hcl:"plateau,block"`
	}
	fine struct {
		sync.Mutex            // embedded without settings: not one to tag
		Rate       float64    `hcl:"rate,optional"`
		Sizes      []int      `hcl:"sizes,optional"`
		Plateau    *embedded  `hcl:"plateau,block"`
		Layers     []embedded `hcl:"layer,block"`
		note       string     // unexported: not a setting
		Cache      chan int   `hcl:""` // tagged to be skipped, as the loader skips it
	}
)

func (*chanField) Method() optimize.Method        { return nil }
func (*embeddedUntagged) Method() optimize.Method { return nil }
func (*embeddedDeep) Method() optimize.Method     { return nil }
func (*noTags) Method() optimize.Method           { return nil }
func (*blockNotAStruct) Method() optimize.Method  { return nil }
func (*nestedChan) Method() optimize.Method       { return nil }
func (*fine) Method() optimize.Method             { return nil }

// A config the loader could not decode is refused when it is registered,
// naming the field, rather than panicking with gohcl's stack the first
// time a file sets it (or silently ignoring what a file sets).
func TestUndecodableConfigsPanic(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  registry.OptimizerConfig
		want string
	}{
		{"zz_chan", &chanField{}, "field Feed (tag \"feed,optional\") has type chan int, which no HCL value converts to"},
		{"zz_embedded", &embeddedUntagged{}, "embedded field embedded has no hcl tag"},
		{"zz_embedded_deep", &embeddedDeep{}, "embedded field common has no hcl tag"},
		{"zz_unexported_tag", &unexportedTag{}, "field rate is tagged \"rate,optional\" but unexported"},
		{"zz_no_tags", &noTags{}, "none of the 2 exported fields of registry_test.noTags has an hcl tag"},
		{"zz_block_float", &blockNotAStruct{}, "block field Plateau has type float64"},
		{"zz_nested_chan", &nestedChan{}, "field Plateau.Feed (tag \"feed,optional\") has type chan int"},
	} {
		msg := panics(t, c.name, func() {
			registry.RegisterOptimizer(registry.Optimizer{Name: c.name, New: func() registry.OptimizerConfig { return c.cfg }})
		})
		if !strings.Contains(msg, c.want) || !strings.Contains(msg, c.name) {
			t.Errorf("%s: panic %q, want it to name the optimizer and say %q", c.name, msg, c.want)
		}
	}
	// Registered once per process, as the init above does, so that
	// -count=N does not register it twice; outside the zz_ names, which
	// TestListsSortedAndComplete counts.
	registerFine.Do(func() {
		registry.RegisterOptimizer(registry.Optimizer{Name: "test_fine_fields", New: func() registry.OptimizerConfig { return &fine{note: "x"} }})
	})
}

var registerFine sync.Once
