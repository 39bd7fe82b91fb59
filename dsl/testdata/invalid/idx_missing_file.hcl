# An IDX file that does not exist is reported at the attribute that names it.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/absent-images.idx.gz"
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
