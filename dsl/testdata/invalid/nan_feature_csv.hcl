# NaN and Inf make every loss NaN, so they are rejected where they are.
experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "csv"
  path   = "nan_feature.csv"
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
