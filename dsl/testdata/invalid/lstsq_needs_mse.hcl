experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "breast_cancer"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "lstsq" {
  }
}

run "r" {
  dataset  = dataset.toy
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
