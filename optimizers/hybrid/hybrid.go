package hybrid

import (
	"errors"
	"fmt"

	"github.com/nnexp/nnexp/optimize"
)

// Hybrid runs a search stage, then an Adam stage on the same parameters.
// Make one with Config.Method.
type Hybrid struct {
	cfg Config

	stages  []optimize.Stage // set by Init when used as a plain Method
	current int
	p       optimize.Problem
	// env is handed whole to every stage's Init, so the run's Context
	// reaches the stage that is running and an interrupted search or Adam
	// stage stops the hybrid with the context's error (wrapped).
	env optimize.Env
}

var _ optimize.Composite = (*Hybrid)(nil)

// Stages implements optimize.Composite: fresh search and Adam methods, in
// the order they run.
func (h *Hybrid) Stages() []optimize.Stage {
	return []optimize.Stage{
		{Name: "search", Method: h.cfg.Search.Method()},
		{Name: "adam", Method: h.cfg.Adam.Method()},
	}
}

// Init implements optimize.Method for a runner that does not run the stages
// itself: it starts the search stage. It first checks that the Adam stage
// can follow p, so an unusable problem fails before the search runs.
func (h *Hybrid) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	if p == nil {
		return errors.New("hybrid: no problem")
	}
	if err := h.cfg.Adam.CheckProblem(p); err != nil {
		return fmt.Errorf("hybrid: %w", err)
	}
	h.stages = h.Stages()
	h.current = 0
	h.p, h.env = p, env
	if err := h.stages[0].Method.Init(p, loc, env); err != nil {
		return fmt.Errorf("hybrid: %w", err)
	}
	return nil
}

// Step implements optimize.Method: one step of the current stage. When a
// stage stops, the next is started at the current location and Step
// reports Running; the last stage's final status is the hybrid's.
func (h *Hybrid) Step(loc *optimize.Location) (optimize.Status, error) {
	if h.stages == nil {
		return optimize.Running, errors.New("hybrid: Step before Init")
	}
	status, err := h.stages[h.current].Method.Step(loc)
	if err != nil {
		return status, fmt.Errorf("hybrid: %w", err)
	}
	if status == optimize.Running || h.current == len(h.stages)-1 {
		return status, nil
	}
	h.current++
	if err := h.stages[h.current].Method.Init(h.p, loc, h.env); err != nil {
		return optimize.Running, fmt.Errorf("hybrid: %w", err)
	}
	return optimize.Running, nil
}

// CurrentStage is the name of the stage the next Step runs, for logs.
func (h *Hybrid) CurrentStage() string {
	if h.stages == nil {
		return ""
	}
	return h.stages[h.current].Name
}
