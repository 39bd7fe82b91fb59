// Package fashionmnist finds Debian's Fashion-MNIST files
// (dataset-fashion-mnist) for the tests that read them, in every package
// alike: a test skips without them, and fails instead when CI is set, so
// that a broken install in .ci/run cannot pass as a skip.
package fashionmnist

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir is where Debian's package puts the files.
const Dir = "/usr/share/datasets/fashion-mnist"

// Files returns the gzipped images and labels files of set ("train" or
// "t10k"), skipping t when either is missing, or failing it when CI is set.
func Files(t testing.TB, set string) (images, labels string) {
	t.Helper()
	images = filepath.Join(Dir, set+"-images-idx3-ubyte.gz")
	labels = filepath.Join(Dir, set+"-labels-idx1-ubyte.gz")
	for _, p := range []string{images, labels} {
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("CI is set and %s is missing: .ci/run installs dataset-fashion-mnist", p)
			}
			t.Skipf("%s is missing; apt-get install dataset-fashion-mnist", p)
		}
	}
	return images, labels
}
