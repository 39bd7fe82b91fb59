# scale with standardize undoes itself; a built-in has no files for a test block.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source      = "iris"
  standardize = true
  scale       = 1 / 255
  test {
    path = "toy.csv"
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
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
