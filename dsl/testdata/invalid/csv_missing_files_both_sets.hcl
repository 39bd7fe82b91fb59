# A missing training file and a missing test file: both reported in one
# pass.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "csv"
  path   = "no-such.csv"
  test {
    path = "no-such-test.csv"
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
