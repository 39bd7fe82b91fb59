package optimizetest

import (
	"context"
	"errors"
	"fmt"

	"github.com/nnexp/nnexp/optimize"
)

// overrun is raised when a method keeps evaluating after the cancellation.
type overrun struct {
	call  string
	after int
}

// cancellation makes the cancellation run.
func (c config) cancellation(newMethod func() optimize.Method) error {
	_, err := c.run(newMethod, true)
	return err
}

// judgeCancel checks how the Step during which the context was cancelled
// returned: err is what it returned, or the overrun that stopped it.
func (c config) judgeCancel(where string, pr *probe, loc *optimize.Location, err error) error {
	at := fmt.Sprintf("the context was cancelled at evaluation %d of the run, in %s", pr.cancelledAt, where)
	var over overrun
	switch {
	case errors.As(err, &over):
		return fmt.Errorf("%s; Step made %d more evaluations and went on to call %s, more than the %d allowed (check env.Err() between evaluations and return its error)",
			at, over.after, over.call, c.cancelWith)
	case err != nil && errors.Is(err, context.Canceled):
		return nil
	case errors.As(err, new(violation)), errors.As(err, new(panicked)):
		return failed(where, err)
	case err != nil:
		return fmt.Errorf("%s; Step returned %q, which is not the context's error (errors.Is(err, context.Canceled) is false; wrap env.Err() with %%w)", at, err)
	}
	if cerr := c.consistent(where, loc); cerr != nil {
		return fmt.Errorf("%s; Step returned no error, but %w", at, cerr)
	}
	return nil
}

func (o overrun) Error() string {
	return fmt.Sprintf("%s after %d evaluations past the cancellation", o.call, o.after)
}
