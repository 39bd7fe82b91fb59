# setproduct of three ranges of 1,000 would make a billion combinations:
# a diagnostic at the call, before anything that size is built.
experiment "bad" {
  seed = 1
}

locals {
  grid = setproduct(range(1000), range(1000), range(1000))
  ok   = setproduct(["a", "b"], [1, 2])
}

dataset "d" {
  source = "iris"
}

model "m" {
  hidden = [length(local.ok)]
}

pipeline "p" {
  optimizer "adam" {}
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
