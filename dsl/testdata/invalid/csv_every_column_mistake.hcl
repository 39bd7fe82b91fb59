experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "csv"
  path   = "toy.csv"
  target = "z"
  ignore = ["q", "y", "a", "q"]
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
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
