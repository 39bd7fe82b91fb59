experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  for_each   = { ok = 3, zero = 0, negative = -1 }
  hidden     = [each.value]
  activation = "rleu"
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m["ok"]
  loss     = "mse"
  pipeline = pipeline.p
}
