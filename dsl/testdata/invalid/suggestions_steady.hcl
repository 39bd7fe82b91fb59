# Names close to two others each (cal: local and var; mox: max and min,
# log) get the same suggestion on every run: HCL's came from map order.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "iris"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "adam" {
    epochs        = cal
    learning_rate = mox(1, 2)
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
