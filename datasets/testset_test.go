package datasets

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/nn"
)

func TestMatchTest(t *testing.T) {
	train := &nn.Data{Inputs: 2, Features: []string{"a", "b"}, Task: nn.Classification, Classes: []string{"cat", "dog", "eel"}}
	test := &nn.Data{Inputs: 2, Features: []string{"a", "b"}, Task: nn.Classification, Classes: []string{"dog", "eel"}, Y: []float64{1, 0, 1}}
	if err := MatchTest(train, test); err != nil {
		t.Fatal(err)
	}
	// dog is class 1 of train and eel class 2.
	if !slices.Equal(test.Y, []float64{2, 1, 2}) || !slices.Equal(test.Classes, train.Classes) {
		t.Fatalf("Y %v classes %q", test.Y, test.Classes)
	}
	for _, c := range []struct {
		test *nn.Data
		want string
	}{
		{&nn.Data{Inputs: 3, Features: []string{"a", "b", "c"}, Task: nn.Classification}, "the test set has 3 features, the training set 2"},
		{&nn.Data{Inputs: 2, Features: []string{"a", "c"}, Task: nn.Classification}, `feature 2 of the test set is "c", of the training set "b"`},
		{&nn.Data{Inputs: 2, Features: []string{"a", "b"}, Task: nn.Regression}, "the test set's target makes it regression, the training set's classification"},
		{&nn.Data{Inputs: 2, Features: []string{"a", "b"}, Task: nn.Classification, Classes: []string{"cat", "fox"}, Y: []float64{1}}, `classes "fox" that the training set lacks`},
	} {
		if err := MatchTest(train, c.test); err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "datasets: ") {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

// A test CSV may hold a single class, which a training CSV may not: its
// label is renumbered to the training set's class of that name.
func TestLoadCSVTestOneClass(t *testing.T) {
	train, err := LoadCSV(strings.NewReader("a,y\n1,cat\n2,dog\n3,eel\n"), "train.csv", "", TaskAuto)
	if err != nil {
		t.Fatal(err)
	}
	test, err := LoadCSVTest(strings.NewReader("a,y\n4,dog\n5,dog\n"), "test.csv", CSVColumns{}, train)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(test.Y, []float64{1, 1}) || !slices.Equal(test.Classes, train.Classes) || !slices.Equal(test.X, []float64{4, 5}) {
		t.Fatalf("test Y %v classes %q X %v", test.Y, test.Classes, test.X)
	}
	if _, err := LoadCSV(strings.NewReader("a,y\n4,dog\n5,dog\n"), "test.csv", "", nn.Classification); err == nil {
		t.Fatal("a training CSV of one class loaded")
	}
	_, err = LoadCSVTest(strings.NewReader("b,y\n4,dog\n"), "test.csv", CSVColumns{}, train)
	if _, ok := errors.AsType[*MismatchError](err); !ok || !strings.Contains(err.Error(), `feature 1 of the test set is "b", of the training set "a"`) {
		t.Fatalf("renamed column: %v", err)
	}
}
