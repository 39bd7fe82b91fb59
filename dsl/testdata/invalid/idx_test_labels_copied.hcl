# A test block that names the training labels (a copied line): 4 labels
# for 2 test images. The error is at the test block's labels, which name
# the file at fault there, not at the training set's.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/images.idx"
  labels = "../idx/labels.idx.gz"
  test {
    images = "../idx/test-images.idx.gz"
    labels = "../idx/labels.idx.gz"
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
