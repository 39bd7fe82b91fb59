# An IDX dataset with its own test set (testdata/idx/README.md lists the
# files' values), scaled by 1/51 so that the bytes 0, 51, 102 and 255 read
# as 0, 1, 2 and 5.
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
    labels = "../idx/test-labels.idx"
  }
}

dataset "toy" {
  source = "csv"
  path   = "toy.csv"
  scale  = 2
  test {
    path = "toy.csv"
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

run "toy" {
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
