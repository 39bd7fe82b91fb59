# A CSV with only the target column would give a model with no inputs
# (no weights in the first layer), so the data set is rejected.
experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "csv"
  path   = "only_target.csv"
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
