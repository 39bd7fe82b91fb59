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

run "r" {
  for_each = toset(["w2", "w4"])
  dataset  = dataset.d
  model    = model.m[each.key]
  loss     = "mse"
  pipeline = pipeline.p
}

plot "s" {
  type = "sweep"
  x    = "optimizer.search.iterations"
}
