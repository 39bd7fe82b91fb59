experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  for_each = ["w2", "w4"]
  hidden   = [2]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m["w2"]
  loss     = "mse"
  pipeline = pipeline.p
}
