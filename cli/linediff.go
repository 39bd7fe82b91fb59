package cli

import (
	"fmt"
	"io"
	"strings"
)

// unifiedDiff writes the change from a to b as a unified diff with three
// lines of context, headed "--- old/NAME" and "+++ new/NAME" as terraform
// fmt -diff heads it; nothing when a and b are equal. A last line without
// a newline is marked as diff(1) marks it, so applying the diff with patch
// gives b exactly.
func unifiedDiff(w io.Writer, name, a, b string) error {
	if a == b {
		return nil
	}
	al, bl := splitLines(a), splitLines(b)
	ops := diffLines(al, bl)
	var out strings.Builder
	fmt.Fprintf(&out, "--- old/%s\n+++ new/%s\n", name, name)
	for _, h := range hunks(ops, 3) {
		writeHunk(&out, ops[h[0]:h[1]])
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// splitLines splits s after each newline, keeping it, so that a last line
// without one differs from the same line with one.
func splitLines(s string) []string {
	var lines []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// lineOp is one line of an edit script: kept (' '), deleted from a ('-')
// or inserted from b ('+'), with its 0-based place in a and in b: for a
// kept line both, for a deleted line its line of a and the place in b it
// is deleted at, for an inserted line the other way round.
type lineOp struct {
	kind byte
	text string
	a, b int
}

// maxTrace bounds the memory of the Myers search, in ints; a pair of files
// further apart than it allows (thousands of changed lines) is shown as
// every differing line deleted and reinserted, still a correct diff.
const maxTrace = 1 << 22

// diffLines returns a shortest edit script from a to b, by Myers' O(ND)
// algorithm on the lines left once the common first and last lines are
// set aside.
func diffLines(a, b []string) []lineOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []lineOp
	for i := 0; i < pre; i++ {
		ops = append(ops, lineOp{' ', a[i], i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	for _, op := range myers(ma, mb) {
		op.a += pre
		op.b += pre
		ops = append(ops, op)
	}
	for i := 0; i < suf; i++ {
		ia, ib := len(a)-suf+i, len(b)-suf+i
		ops = append(ops, lineOp{' ', a[ia], ia, ib})
	}
	return ops
}

// myers is the greedy forward search of Myers (1986), keeping for each
// edit distance d the furthest x reached on diagonals -d..d, then walking
// back through them for the script.
func myers(a, b []string) []lineOp {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return replaceAll(a, b)
	}
	max := n + m
	v := make([]int, 2*max+2)
	var trace [][]int // trace[d][k+d] is v[k] before step d
	used := 0
	for d := 0; d <= max; d++ {
		snap := make([]int, 2*d+1)
		for k := -d; k <= d; k++ {
			snap[k+d] = v[k+max]
		}
		trace = append(trace, snap)
		if used += len(snap); used > maxTrace {
			return replaceAll(a, b)
		}
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[k-1+max] < v[k+1+max]) {
				x = v[k+1+max]
			} else {
				x = v[k-1+max] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[k+max] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace)
			}
		}
	}
	return replaceAll(a, b) // not reached: d = n+m always ends the search
}

func backtrack(a, b []string, trace [][]int) []lineOp {
	x, y := len(a), len(b)
	var rev []lineOp
	for d := len(trace) - 1; d >= 0; d-- {
		at := func(k int) int { return trace[d][k+d] }
		k := x - y
		var prevK int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := 0
		if d > 0 {
			prevX = at(prevK)
		}
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, lineOp{' ', a[x], x, y})
		}
		if d > 0 {
			if x == prevX {
				rev = append(rev, lineOp{'+', b[prevY], prevX, prevY})
			} else {
				rev = append(rev, lineOp{'-', a[prevX], prevX, prevY})
			}
		}
		x, y = prevX, prevY
	}
	ops := make([]lineOp, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}

func replaceAll(a, b []string) []lineOp {
	ops := make([]lineOp, 0, len(a)+len(b))
	for i, s := range a {
		ops = append(ops, lineOp{'-', s, i, 0})
	}
	for j, s := range b {
		ops = append(ops, lineOp{'+', s, len(a), j})
	}
	return ops
}

// hunks groups the changes of ops with up to context kept lines around
// each, merging groups whose context would touch; each is [start, end)
// in ops.
func hunks(ops []lineOp, context int) [][2]int {
	var out [][2]int
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-context)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		out = append(out, [2]int{start, end})
		i = end
	}
	return out
}

func writeHunk(w *strings.Builder, ops []lineOp) {
	aStart, bStart := ops[0].a, ops[0].b
	aLen, bLen := 0, 0
	for _, op := range ops {
		if op.kind != '+' {
			aLen++
		}
		if op.kind != '-' {
			bLen++
		}
	}
	fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
	for _, op := range ops {
		w.WriteByte(op.kind)
		w.WriteString(op.text)
		if !strings.HasSuffix(op.text, "\n") {
			w.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange is diff(1)'s "start,count" for a hunk starting at the 0-based
// line start: a one-line range is its line alone, an empty range names
// the line before it.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}
