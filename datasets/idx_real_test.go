package datasets

import (
	"os"
	"testing"
	"time"

	"github.com/nnexp/nnexp/internal/fashionmnist"
	"github.com/nnexp/nnexp/nn"
)

func loadFashion(t testing.TB, prefix string, scale float64) *nn.Data {
	t.Helper()
	images, labels := fashionmnist.Files(t, prefix)
	fi, err := os.Open(images)
	if err != nil {
		t.Fatal(err)
	}
	defer fi.Close()
	fl, err := os.Open(labels)
	if err != nil {
		t.Fatal(err)
	}
	defer fl.Close()
	d, err := LoadIDX(fi, fl, images, labels, scale)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestFashionMNISTReal reads Debian's Fashion-MNIST: 60,000 training and
// 10,000 test images of 28 x 28, 10 classes, and the data set is balanced
// (6,000 and 1,000 of each class), which a misread label byte would break.
func TestFashionMNISTReal(t *testing.T) {
	for _, c := range []struct {
		prefix   string
		rows     int
		perClass int
	}{{"train", 60000, 6000}, {"t10k", 10000, 1000}} {
		// A subtest each, so that -run TestFashionMNISTReal/train measures
		// the training set alone (README, "Fashion-MNIST data").
		t.Run(c.prefix, func(t *testing.T) { checkFashion(t, c.prefix, c.rows, c.perClass) })
	}
}

// checkFashion loads one of the two sets and checks its shape, its class
// balance and its pixels.
func checkFashion(t *testing.T, prefix string, rows, perClass int) {
	started := time.Now()
	d := loadFashion(t, prefix, 1.0/255)
	t.Logf("%s: %d x %d in %.2fs", prefix, d.Rows, d.Inputs, time.Since(started).Seconds())
	if d.Rows != rows || d.Inputs != 784 || len(d.X) != rows*784 || len(d.Classes) != 10 {
		t.Fatalf("%d x %d, %d classes", d.Rows, d.Inputs, len(d.Classes))
	}
	counts := make([]int, 10)
	for _, y := range d.Y {
		counts[int(y)]++
	}
	for k, n := range counts {
		if n != perClass {
			t.Errorf("class %d has %d images, want %d", k, n, perClass)
		}
	}
	lo, hi, sum := 1.0, 0.0, 0.0
	for _, x := range d.X {
		lo, hi, sum = min(lo, x), max(hi, x), sum+x
	}
	// Pixels are bytes scaled by 1/255; the mean pixel of Fashion-MNIST
	// is about 0.286 (72.9 of 255).
	if mean := sum / float64(len(d.X)); lo != 0 || hi != 1 || mean < 0.27 || mean > 0.30 {
		t.Errorf("pixels in [%g, %g], mean %g", lo, hi, mean)
	}
}

// BenchmarkLoadFashionMNIST loads the 60,000 x 784 training set (README,
// "Fashion-MNIST data"):
//
//	go test ./datasets -run '^$' -bench LoadFashionMNIST -benchmem
func BenchmarkLoadFashionMNIST(b *testing.B) {
	fashionmnist.Files(b, "train")
	for b.Loop() {
		loadFashion(b, "train", 1.0/255)
	}
}
