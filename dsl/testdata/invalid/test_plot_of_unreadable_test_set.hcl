# A test set that cannot be read, and a plot of the test accuracy: the
# missing files are the mistakes; the plot's "no test split" would only
# echo them (the dataset has a test block, it just did not load).
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "no-such-images.idx"
  labels = "no-such-labels.idx"
  test {
    images = "no-such-test-images.idx"
    labels = "no-such-test-labels.idx"
  }
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}

plot "acc" {
  type   = "history"
  metric = "test_accuracy"
}
