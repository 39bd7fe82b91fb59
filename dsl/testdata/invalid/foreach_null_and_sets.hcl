experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

model "a" {
  for_each = null
  hidden   = [2]
}

model "b" {
  for_each = toset([1, 2])
  hidden   = [2]
}

model "c" {
  for_each = toset(["x", null])
  hidden   = [2]
}

model "d" {
  for_each = "w2"
  hidden   = [2]
}

pipeline "p" {
  for_each = { a = 1 }
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  for_each = each.key
  dataset  = dataset.d
  model    = model.a["x"]
  loss     = "mse"
  pipeline = pipeline.p["a"]
}
