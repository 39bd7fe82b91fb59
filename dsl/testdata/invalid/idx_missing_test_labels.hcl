# The test block of an IDX dataset needs labels too.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/images.idx"
  labels = "../idx/labels.idx.gz"
  test {
    images = "../idx/test-images.idx.gz"
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
