experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

dataset "e" {
  for_each = toset(["a"])
  source   = "diabetes"
}

model "m" {
  hidden = [2]
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
