experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [each.value]
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
  seed     = each.key
}

plot "x" {
  type  = "history"
  title = each.key
}
