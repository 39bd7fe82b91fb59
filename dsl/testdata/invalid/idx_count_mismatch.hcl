# Three labels for four images: reported at labels, by validate (headers only).
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "idx"
  images = "../idx/images.idx"
  labels = "../idx/short-labels.idx"
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
