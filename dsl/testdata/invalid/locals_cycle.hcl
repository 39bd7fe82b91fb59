experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

locals {
  a = local.b + 1
  b = local.c * 2
  c = local.a
  d = local.missing
  e = var.nothing
}

model "m" {
  hidden = [local.a]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
