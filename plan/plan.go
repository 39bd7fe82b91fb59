package plan

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/runner"
)

// Plan is an experiment resolved into work.
type Plan struct {
	// Runs are the runs of the file, in file order.
	Runs []*runner.Spec
}

// Resolve turns exp, which must have decoded without errors and not
// detached (see dsl.Loader), into work: it loads every data set once,
// splits it with the experiment's seed, standardizes it if asked, and
// checks each run's model and loss against its data. Every problem is a
// diagnostic at the attribute it concerns, all of them at once. The Plan
// is nil whenever the diagnostics hold an error.
func Resolve(exp *dsl.Experiment) (*Plan, hcl.Diagnostics) {
	return resolve(exp, true)
}

// Check is what validate can plan without reading a data file: Resolve's
// checks for the runs on built-in data sets, which are embedded and small,
// so that a regression loss on iris is still caught before run. Runs on
// CSV and IDX files are left to run, which reads every row; validate has
// read their headers already.
func Check(exp *dsl.Experiment) hcl.Diagnostics {
	_, diags := resolve(exp, false)
	return diags
}

// resolve is Resolve, leaving out the runs on CSV and IDX data unless
// withFiles.
func resolve(exp *dsl.Experiment, withFiles bool) (*Plan, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	data := map[*dsl.Dataset]*runner.Dataset{}
	for _, decl := range exp.Datasets {
		if decl.ReadsFiles() && !withFiles {
			continue
		}
		ds, more := loadDataset(decl, exp.Seed, usersOf(decl, exp.Runs))
		diags = append(diags, more...)
		data[decl] = ds // nil after an error: its runs stay quiet
	}
	p := &Plan{}
	for _, r := range exp.Runs {
		ds := data[r.Dataset]
		if ds == nil {
			continue
		}
		s, more := resolveRun(r, ds)
		diags = append(diags, more...)
		p.Runs = append(p.Runs, s)
	}
	diags = append(diags, checkAccuracyMetrics(exp, data)...)
	diags = dsl.SortDiagnostics(diags)
	if diags.HasErrors() {
		return nil, diags
	}
	return p, diags
}

// usersOf lists the runs on decl.
func usersOf(decl *dsl.Dataset, runs []*dsl.Run) []*dsl.Run {
	var users []*dsl.Run
	for _, r := range runs {
		if r.Dataset == decl {
			users = append(users, r)
		}
	}
	return users
}
