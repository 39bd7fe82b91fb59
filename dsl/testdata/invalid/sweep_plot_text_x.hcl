experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  for_each   = toset(["relu", "tanh"])
  hidden     = [4]
  activation = each.key
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  for_each = toset(["relu", "tanh"])
  dataset  = dataset.d
  model    = model.m[each.key]
  loss     = "mse"
  pipeline = pipeline.p
}

plot "s" {
  type = "sweep"
  x    = "model.activation"
}
