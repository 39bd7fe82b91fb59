# A one-column CSV whose target is named wrongly: the wrong name is the
# mistake reported, not "no feature columns".
experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "csv"
  path   = "only_target.csv"
  target = "z"
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
