package report

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// The tickers below label every axis in one format whose labels are
// distinct and read back as the values they mark. gonum/plot's default
// ticker formats each label on its own with a fixed number of significant
// digits, so a loss going from 1.214 to 1.041 got ticks at 1.20, 1.15,
// 1.10, 1.05 labelled "1.2, 1.2, 1.1, 1.1", and 1.5e61 read "1e+61".

// linearTicks puts about five labelled ticks at a round step (1, 2, 2.5 or
// 5 times a power of ten) with unlabelled ones between them.
type linearTicks struct{}

// niceStep is the round step giving at most maxIntervals intervals over
// span, and the number of minor intervals per step.
func niceStep(span float64, maxIntervals int) (step float64, minor int) {
	mag := math.Pow(10, math.Floor(math.Log10(span/float64(maxIntervals))))
	for _, m := range []struct {
		factor float64
		minor  int
	}{{1, 5}, {2, 4}, {2.5, 5}, {5, 5}, {10, 5}} {
		step = m.factor * mag
		if span/step <= float64(maxIntervals) {
			return step, m.minor
		}
	}
	return 10 * mag, 5
}

func (linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) || math.IsNaN(hi-lo) {
		if math.IsNaN(lo) || math.IsInf(lo, 0) {
			return nil
		}
		return []plot.Tick{{Value: lo, Label: tickLabels([]float64{lo}, 0)[0]}}
	}
	step, minor := niceStep(hi-lo, 6)
	sub := step / float64(minor)
	if math.Max(math.Abs(lo), math.Abs(hi))/sub > 1<<52 {
		// A span below float64's resolution at this magnitude: k·sub
		// could not count, so mark the two ends.
		labels := tickLabels([]float64{lo, hi}, 0)
		return []plot.Tick{{Value: lo, Label: labels[0]}, {Value: hi, Label: labels[1]}}
	}
	var ticks []plot.Tick
	var major []float64
	// Counting in units of the minor step keeps every value k·sub, so
	// majors are exactly the multiples of minor and no error accumulates.
	for k := math.Ceil(lo / sub); k*sub <= hi; k++ {
		v := k * sub
		if v == 0 {
			v = 0 // not -0, which would label "-0"
		}
		ticks = append(ticks, plot.Tick{Value: v})
		if math.Mod(k, float64(minor)) == 0 {
			major = append(major, v)
		}
	}
	labels := tickLabels(major, step*1e-6)
	for i, j := 0, 0; i < len(ticks) && j < len(major); i++ {
		if ticks[i].Value == major[j] {
			ticks[i].Label = labels[j]
			j++
		}
	}
	return ticks
}

// integerTicks labels whole numbers only, since steps are counted; a
// general ticker would label 0.5 steps on short runs.
type integerTicks struct{}

func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	labelled := 0
	for _, t := range (linearTicks{}).Ticks(lo, hi) {
		if t.Value != math.Trunc(t.Value) {
			continue
		}
		if t.Label != "" {
			t.Label = strconv.FormatFloat(t.Value, 'f', 0, 64) // "2", not "2.0"
			labelled++
		}
		ticks = append(ticks, t)
	}
	// Past 2^53 floats are not one apart: counting v++ would not end.
	if labelled >= 2 || hi-lo > 20 || math.Abs(lo) >= 1<<53 || math.Abs(hi) >= 1<<53 {
		return ticks
	}
	ticks = ticks[:0]
	for v := math.Ceil(lo); v <= hi; v++ {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ticks
}

// logTicks labels powers of ten, and also 2× and 5× or every multiple when
// the axis spans too few decades for powers alone to be read against;
// plot.LogTicks leaves a range inside one decade without any label. The
// lowest tick is labelled too when the next label is more than 1.5 times
// it, so that the bottom of the data can be read.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil
	}
	first := int(math.Floor(math.Log10(lo)))
	last := int(math.Ceil(math.Log10(hi)))
	decades := last - first
	var ticks []plot.Tick
	var labelled []int
	for e := first; e <= last; e++ {
		for m := 1; m <= 9; m++ {
			// Parsing the decimal text gives the float nearest m·10^e,
			// where m*math.Pow10(e) can be off by an ulp and print badly.
			v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(e), 64)
			if v < lo || v > hi {
				continue
			}
			if m == 1 || decades <= 1 || (decades == 2 && (m == 2 || m == 5)) {
				labelled = append(labelled, len(ticks))
			}
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	if len(ticks) == 0 {
		return nil
	}
	if len(labelled) == 0 || labelled[0] > 0 && ticks[labelled[0]].Value > 1.5*ticks[0].Value {
		labelled = append([]int{0}, labelled...)
	}
	values := make([]float64, len(labelled))
	for i, k := range labelled {
		values[i] = ticks[k].Value
	}
	for i, label := range tickLabels(values, 0) {
		ticks[labelled[i]].Label = label
	}
	return ticks
}

// tickLabels formats values in one format for the whole axis: plain
// decimals with a common number of places when every magnitude is within
// [1e-4, 1e6), else scientific notation with a common mantissa precision.
// It uses the fewest places with which the labels are distinct and each
// reads back within tol of its value (tol 0 means 1e-9 of the value).
func tickLabels(values []float64, tol float64) []string {
	big := 0.0
	for _, v := range values {
		big = max(big, math.Abs(v))
	}
	format := byte('f')
	if big != 0 && (big < 1e-4 || big >= 1e6) {
		format = 'e'
	}
	labels := make([]string, len(values))
	for places := 0; places <= 17; places++ {
		ok := true
		seen := map[string]bool{}
		for i, v := range values {
			labels[i] = strconv.FormatFloat(v, format, places, 64)
			if format == 'e' {
				labels[i] = tidyExponent(labels[i])
				if v == 0 {
					labels[i] = "0" // "0.0e0" reads worse, and 0 needs no scale
				}
			}
			if strings.Trim(labels[i], "-0.") == "" {
				labels[i] = strings.TrimPrefix(labels[i], "-") // no "-0.00"
			}
			back, _ := strconv.ParseFloat(labels[i], 64)
			limit := tol
			if limit == 0 {
				limit = 1e-9 * math.Abs(v)
			}
			if seen[labels[i]] || math.Abs(back-v) > limit {
				ok = false
			}
			seen[labels[i]] = true
		}
		if ok {
			break
		}
	}
	return labels
}

// tidyExponent writes Go's "1.5e+61" as "1.5e61" and "2e-05" as "2e-5":
// shorter, and still what strconv.ParseFloat reads.
func tidyExponent(s string) string {
	mant, exp, ok := strings.Cut(s, "e")
	if !ok {
		return s
	}
	sign := ""
	switch {
	case strings.HasPrefix(exp, "-"):
		sign, exp = "-", exp[1:]
	case strings.HasPrefix(exp, "+"):
		exp = exp[1:]
	}
	exp = strings.TrimLeft(exp, "0")
	if exp == "" {
		exp = "0"
	}
	return mant + "e" + sign + exp
}
