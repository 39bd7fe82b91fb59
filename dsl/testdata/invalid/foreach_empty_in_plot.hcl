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

run "none" {
  for_each = {}
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}

run "one" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}

plot "h" {
  type = "history"
  runs = [run.one, run.none]
}
