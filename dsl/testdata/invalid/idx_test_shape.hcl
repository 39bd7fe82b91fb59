# Test images of 2 x 3 pixels against training images of 2 x 2.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/images.idx"
  labels = "../idx/labels.idx.gz"
  test {
    images = "../idx/wide-images.idx"
    labels = "../idx/test-labels.idx"
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
