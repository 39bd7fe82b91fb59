# The header declares 4 images of 2 x 2 and the file holds 10 bytes: only reading the data (run, not validate) sees it.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/truncated-images.idx"
  labels = "../idx/labels.idx.gz"
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
