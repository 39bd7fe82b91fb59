//go:build unix

package cli_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/report"
)

// TestPageInBrowser opens the report.html of a small run, of
// experiments/compare.hcl and of experiments/sweep.hcl (many runs,
// hyperparameter columns, sweep plots),
// in headless Chromium and checks what a reader would: the page is not
// blank, every plot is drawn with a size, the console has no error and
// the page requested nothing but itself. It skips without Chromium,
// except in CI (CI set), which installs it: there a skip would hide a
// broken page.
func TestPageInBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing, and CI must run this test (.ci/run installs the chromium package): %v", chromiumPath, err)
		}
		t.Skipf("%s is missing (apt-get install chromium to run this test)", chromiumPath)
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"tiny", []string{"testdata/tiny.hcl", "--var", "repeats=2"}},
		{"compare", []string{"../experiments/compare.hcl", "--var", "repeats=2"}},
		{"sweep", []string{"../experiments/sweep.hcl", "--var", "repeats=2", "--var", "epochs=5"}},
	} {
		t.Run(c.name, func(t *testing.T) { checkPageInBrowser(t, c.name, c.args) })
	}
}

// checkPageInBrowser runs nnexp run with args and checks its page; the
// screenshot is called name.png under NNEXP_SCREENSHOT_DIR.
func checkPageInBrowser(t *testing.T, name string, args []string) {
	out := t.TempDir()
	if code, _, stderr := nnexp(t, append([]string{"run", "--quiet", "--out", out}, args...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	page := filepath.Join(out, report.PageFile)
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(page)}).String()
	html := fileText(t, page)
	wantPlots := strings.Count(html, "<svg ")

	b := startChromium(t)
	var target struct{ TargetID string }
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	s := attached.SessionID
	for _, domain := range []string{"Page", "Runtime", "Log", "Network"} {
		b.call(s, domain+".enable", nil, nil)
	}
	// A laptop's width.
	b.call(s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false}, nil)
	b.call(s, "Page.navigate", map[string]any{"url": pageURL}, nil)
	b.await("the page's load event", func(m cdpMessage) bool { return m.Method == "Page.loadEventFired" && m.SessionID == s })

	// Every plot has a box, in page coordinates.
	var eval struct {
		Result struct{ Value string }
	}
	b.call(s, "Runtime.evaluate", map[string]any{"returnByValue": true, "expression": `JSON.stringify({
		plots: Array.from(document.querySelectorAll("svg")).map(e => {
			const r = e.getBoundingClientRect();
			return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height};
		}),
		width: document.documentElement.scrollWidth,
		height: document.documentElement.scrollHeight,
	})`}, &eval)
	var layout struct {
		Plots         []struct{ X, Y, W, H float64 }
		Width, Height float64
	}
	if err := jsonUnmarshal(eval.Result.Value, &layout); err != nil {
		t.Fatalf("evaluating the layout: %v (%q)", err, eval.Result.Value)
	}
	if len(layout.Plots) != wantPlots || wantPlots < 4 {
		t.Errorf("the browser found %d plots, the file has %d", len(layout.Plots), wantPlots)
	}
	if layout.Width > 1280 {
		t.Errorf("the page is %.0f px wide at a 1280 px window: it scrolls sideways", layout.Width)
	}

	var shot struct{ Data string }
	b.call(s, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": layout.Width, "height": layout.Height, "scale": 1}}, &shot)
	raw, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("NNEXP_SCREENSHOT_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, name+".png"), raw, 0o644)
	}
	if colours, inked := ink(img, img.Bounds()); colours < 50 || inked < 0.02 {
		t.Errorf("the page looks blank: %d colours, %.1f%% not white", colours, 100*inked)
	}
	for i, p := range layout.Plots {
		if p.W < 300 || p.H < 150 {
			t.Errorf("plot %d is %.0fx%.0f px", i, p.W, p.H)
			continue
		}
		r := image.Rect(int(p.X), int(p.Y), int(p.X+p.W), int(p.Y+p.H)).Intersect(img.Bounds())
		if colours, inked := ink(img, r); colours < 10 || inked < 0.01 {
			t.Errorf("plot %d at %v is not drawn: %d colours, %.1f%% not white", i, r, colours, 100*inked)
		}
	}

	for _, e := range b.recorded("Runtime.consoleAPICalled") {
		if p := params(e); p["type"] == "error" || p["type"] == "assert" || p["type"] == "warning" {
			t.Errorf("console %s: %s", p["type"], e.Params)
		}
	}
	for _, e := range b.recorded("Runtime.exceptionThrown") {
		t.Errorf("exception: %s", e.Params)
	}
	for _, e := range b.recorded("Log.entryAdded") {
		var p struct{ Entry struct{ Level string } }
		jsonUnmarshal(string(e.Params), &p)
		if p.Entry.Level == "error" || p.Entry.Level == "warning" {
			t.Errorf("browser log: %s", e.Params)
		}
	}
	requests := b.recorded("Network.requestWillBeSent")
	if len(requests) == 0 {
		t.Error("no request seen, not even the page: is the Network domain on?")
	}
	for _, e := range requests {
		var p struct{ Request struct{ URL string } }
		jsonUnmarshal(string(e.Params), &p)
		if p.Request.URL != pageURL {
			t.Errorf("the page requested %s", p.Request.URL)
		}
	}
}

// ink counts the distinct colours in r of img and the fraction of its
// pixels that are not (nearly) white.
func ink(img image.Image, r image.Rectangle) (colours int, inked float64) {
	seen := map[[3]uint32]bool{}
	n, dark := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{cr >> 8, cg >> 8, cb >> 8}] = true
			n++
			if cr>>8 < 240 || cg>>8 < 240 || cb>>8 < 240 {
				dark++
			}
		}
	}
	if n == 0 {
		return 0, 0
	}
	return len(seen), float64(dark) / float64(n)
}
