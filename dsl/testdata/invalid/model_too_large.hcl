experiment "huge" {}

dataset "d" {
  source = "iris"
}

# A trillion parameters would exhaust memory mid-run; the loader refuses it.
model "m" {
  hidden = [1048576, 1048576]
}

pipeline "p" {
  optimizer "search" {}
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
