experiment "bad" {
  seed    = 18446744073709551615
  repeats = 3
}

dataset "d" {
  source = "iris"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "search" {
    weight_steps = 5
  }
}

# Inherits seed and repeats from the experiment: seeds 2^64 - 1, 0, 1.
run "inherits" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}

run "own_seed" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
  seed     = 18446744073709551614
}

run "fits" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
  seed     = 18446744073709551613
}
