# A scale that makes a CSV value infinite: only the data shows it, when
# the run plans.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "csv"
  path   = "toy.csv"
  scale  = 1e308
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
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
