experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  for_each = { w2 = 2, w4 = 4 }
  hidden   = [each.value]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

pipeline "q" {
  for_each = toset(["a", "b"])
  optimizer "search" {
    iterations = 1
  }
}

run "no_key" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}

run "wrong_key" {
  dataset  = dataset.d
  model    = model.m["w3"]
  loss     = "mse"
  pipeline = pipeline.p
}

run "key_on_single" {
  dataset  = dataset.d
  model    = model.m["w2"]
  loss     = "mse"
  pipeline = pipeline.p["a"]
}

run "each_key_not_in_model" {
  for_each = toset(["a", "w2"])
  dataset  = dataset.d
  model    = model.m[each.key]
  loss     = "mse"
  pipeline = pipeline.q[each.key]
}

run "number_key" {
  dataset  = dataset.d
  model    = model.m[2]
  loss     = "mse"
  pipeline = pipeline.undeclared["a"]
}
