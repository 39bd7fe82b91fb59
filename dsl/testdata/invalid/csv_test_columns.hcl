# The test CSV has other columns than the training CSV.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "csv"
  path   = "toy.csv"
  test {
    path = "text_target.csv"
  }
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
