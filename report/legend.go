package report

import (
	"fmt"

	"gonum.org/v1/plot"
)

// maxLegendEntries is about as many entries as a legend beside a plot of
// historyHeight shows before it runs off the bottom of the image.
const maxLegendEntries = 24

// legendBudget adds a plot's legend entries up to what the legend can
// show: of more than maxLegendEntries, the first maxLegendEntries−1 and a
// last line that counts the rest, rather than a legend cut off silently
// at the image's edge (a sweep can have thousands of runs).
type legendBudget struct {
	room, hidden int
	what         string // what an entry is, plural: "runs"
}

// newLegendBudget is the budget of a legend of total entries.
func newLegendBudget(total int, what string) *legendBudget {
	room := total
	if total > maxLegendEntries {
		room = maxLegendEntries - 1
	}
	return &legendBudget{room: room, what: what}
}

// add adds an entry while there is room, and counts it otherwise.
func (b *legendBudget) add(p *plot.Plot, text string, thumbs ...plot.Thumbnailer) {
	if b.room == 0 {
		b.hidden++
		return
	}
	b.room--
	p.Legend.Add(text, thumbs...)
}

// finish adds the line that counts the entries left out, if any.
func (b *legendBudget) finish(p *plot.Plot) {
	if b.hidden > 0 {
		p.Legend.Add(fmt.Sprintf("… and %d more %s", b.hidden, b.what))
	}
}
