experiment "../outside" {}

dataset "d" {
  source = "iris"
}

model "m" {
  hidden = [3]
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

