# scale = 0 would erase every feature.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/images.idx"
  labels = "../idx/labels.idx.gz"
  scale  = 0
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
