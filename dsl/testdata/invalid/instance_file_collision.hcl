experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [2]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "grid" {
  for_each = toset(["a-b", "a b", "a/b"])
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}

run "grid-a" {
  for_each = toset(["b"])
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}

run "long" {
  for_each = toset([format("%0210d", 7)])
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
