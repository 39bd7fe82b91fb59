# pow and log of arguments whose result is not a real number: a
# diagnostic, not a Go stack trace from go-cty's float conversion.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "random_search" {
    sigma = pow(-1, 0.5)
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
  max_cost = log(-1, 10)
}
