# An IDX dataset whose test set holds one class (label 0 only): fine for
# a test set, whose classes are the training set's.
experiment "idx" {
  seed = 3
}

dataset "pixels" {
  source = "idx"
  images = "../idx/images.idx"
  labels = "../idx/labels.idx.gz"
  scale  = 1 / 51
  test {
    images = "../idx/test-images.idx.gz"
    labels = "../idx/zero-labels.idx"
  }
}

model "m" {
  hidden = [2]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "pixels" {
  dataset  = dataset.pixels
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}

