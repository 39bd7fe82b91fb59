// Command largedata measures nnexp on a large CSV file: one million rows of
// 19 features and a regression target (about 200 MB of text), generated
// from a fixed seed.
//
//	go run ./internal/largedata gen DIR    # writes DIR/large.csv and DIR/large.hcl
//	go run ./internal/largedata load FILE  # loads FILE as nnexp does, reports time and memory
//
// internal/largedata/measure.sh does both and then times a whole
// `nnexp run` of DIR/large.hcl with /usr/bin/time -v. The test in this
// folder runs the load measurement when NNEXP_LARGE=1 is set.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/nnexp/nnexp/datasets"
)

// The table's shape and seed; the measurement in the README uses these.
const (
	defaultRows     = 1_000_000
	defaultFeatures = 19
	defaultSeed     = 1
)

func main() {
	rows := flag.Int("rows", defaultRows, "data rows to generate")
	features := flag.Int("features", defaultFeatures, "feature columns to generate (plus one target)")
	seed := flag.Uint64("seed", defaultSeed, "generator seed")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: largedata [flags] gen DIR | load FILE")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	var err error
	switch flag.Arg(0) {
	case "gen":
		err = generate(flag.Arg(1), *rows, *features, *seed)
	case "load":
		var m *measurement
		if m, err = measureLoad(flag.Arg(1)); err == nil {
			fmt.Print(m)
		}
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "largedata:", err)
		os.Exit(1)
	}
}

// generate writes dir/large.csv and an experiment, dir/large.hcl, that
// trains a tiny model on it by one search sweep.
func generate(dir string, rows, features int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "large.csv"))
	if err != nil {
		return err
	}
	if err := WriteCSV(f, rows, features, seed); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "large.hcl"), []byte(experiment), 0o644)
}

// experiment is the whole-run measurement: an 85-parameter model (19-4-1),
// one search sweep over a 5-point grid.
const experiment = `experiment "large" {
  description = "1,000,000 x 19 regression from internal/largedata"
  seed        = 1
}

dataset "large" {
  source = "csv"
  path   = "large.csv"
}

model "tiny" {
  hidden = [4]
}

pipeline "search" {
  optimizer "search" {
    weight_steps = 5
    bias_steps   = 5
    iterations   = 1
  }
}

run "search" {
  dataset  = dataset.large
  model    = model.tiny
  loss     = "mse"
  pipeline = pipeline.search
}
`

// WriteCSV writes a header x1..xF,y and rows rows of standard normal
// features with y a fixed linear function of them plus noise, each number
// with 8 significant digits. The same arguments give the same bytes.
func WriteCSV(w io.Writer, rows, features int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	rng := rand.New(rand.NewPCG(seed, 0x1a46e))
	coef := make([]float64, features)
	for j := range coef {
		coef[j] = rng.NormFloat64()
	}
	for j := range features {
		fmt.Fprintf(bw, "x%d,", j+1)
	}
	bw.WriteString("y\n")
	var line []byte
	for range rows {
		line = line[:0]
		y := 0.0
		for j := range features {
			v := rng.NormFloat64()
			y += coef[j] * v
			line = strconv.AppendFloat(line, v, 'g', 8, 64)
			line = append(line, ',')
		}
		y += 0.1 * rng.NormFloat64()
		line = strconv.AppendFloat(line, y, 'g', 8, 64)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// measurement is what loading one file cost.
type measurement struct {
	file       string
	fileBytes  int64
	rows, cols int
	dataBytes  int64 // X and Y as float64
	elapsed    time.Duration
	totalAlloc uint64 // bytes allocated while loading
	heapSys    uint64 // heap obtained from the OS: the high-water mark of the heap
	heapInuse  uint64 // after a GC: what the loaded data keeps
	peakRSS    int64  // VmHWM, the process's peak resident set
}

func (m *measurement) String() string {
	var b strings.Builder
	mb := func(n float64) string { return fmt.Sprintf("%.0f MB", n/1e6) }
	x := func(n float64) string { return fmt.Sprintf("%.2fx", n/float64(m.dataBytes)) }
	fmt.Fprintf(&b, "file            %s: %s, %d rows x %d columns\n", m.file, mb(float64(m.fileBytes)), m.rows, m.cols)
	fmt.Fprintf(&b, "data (float64)  %s\n", mb(float64(m.dataBytes)))
	fmt.Fprintf(&b, "load time       %.2fs\n", m.elapsed.Seconds())
	fmt.Fprintf(&b, "allocated       %s (%s the data)\n", mb(float64(m.totalAlloc)), x(float64(m.totalAlloc)))
	fmt.Fprintf(&b, "peak heap       %s (%s; runtime.MemStats.HeapSys)\n", mb(float64(m.heapSys)), x(float64(m.heapSys)))
	fmt.Fprintf(&b, "live after GC   %s (%s; HeapInuse)\n", mb(float64(m.heapInuse)), x(float64(m.heapInuse)))
	if m.peakRSS > 0 {
		fmt.Fprintf(&b, "peak RSS        %s (%s; VmHWM)\n", mb(float64(m.peakRSS)), x(float64(m.peakRSS)))
	}
	return b.String()
}

// measureLoad loads path the way an experiment's csv dataset does and
// reports what it cost. Call it in a fresh process for a meaningful peak
// RSS.
func measureLoad(path string) (*measurement, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	d, err := datasets.LoadCSV(f, path, "", datasets.TaskAuto)
	elapsed := time.Since(start)
	if err != nil {
		return nil, err
	}
	runtime.ReadMemStats(&after)
	m := &measurement{
		file:       path,
		fileBytes:  info.Size(),
		rows:       d.Rows,
		cols:       d.Inputs + d.TargetDim,
		dataBytes:  int64(len(d.X)+len(d.Y)) * 8,
		elapsed:    elapsed,
		totalAlloc: after.TotalAlloc - before.TotalAlloc,
		heapSys:    after.HeapSys,
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	m.heapInuse = after.HeapInuse
	m.peakRSS = peakRSS()
	runtime.KeepAlive(d)
	return m, nil
}

// peakRSS returns the process's peak resident set in bytes from
// /proc/self/status, or 0 where there is no such file.
func peakRSS() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}
