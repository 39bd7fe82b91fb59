# A test label (3) with no training class (0 to 2): only the data shows it.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/images.idx"
  labels = "../idx/labels.idx.gz"
  test {
    images = "../idx/test-images.idx.gz"
    labels = "../idx/unknown-class-labels.idx"
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
