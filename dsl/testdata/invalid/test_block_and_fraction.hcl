# A test block and test_fraction both choose test rows; the test block of a CSV takes path, not images.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source        = "csv"
  path          = "toy.csv"
  test_fraction = 0.2
  test {
    path   = "toy.csv"
    images = "../idx/images.idx"
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
