experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "csv"
  path   = "text_target.csv"
  task   = "regression"
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
