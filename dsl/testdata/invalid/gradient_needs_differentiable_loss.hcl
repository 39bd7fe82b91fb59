experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "iris"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "adam" {
  }
}

run "r" {
  dataset  = dataset.toy
  model    = model.m
  loss     = "zero_one"
  pipeline = pipeline.p
}
