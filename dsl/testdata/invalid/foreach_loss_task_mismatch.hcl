experiment "bad" {}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

# Every instance trains a classification loss on regression data: one
# diagnostic, not one per instance.
run "r" {
  for_each = toset(["a", "b", "c"])
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
