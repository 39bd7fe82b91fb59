# A missing training images file and a missing test labels file: both
# reported in one pass.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/no-such-images.idx"
  labels = "../idx/labels.idx.gz"
  test {
    images = "../idx/test-images.idx.gz"
    labels = "../idx/no-such-test-labels.idx"
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
