# The images and labels swapped: each file has the wrong number of dimensions.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/labels.idx.gz"
  labels = "../idx/images.idx"
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
