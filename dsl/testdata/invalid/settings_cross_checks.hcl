# A setting of the wrong type keeps its default, so a check across settings
# would blame a good setting for it: only the type errors are reported
# here, and the range error of a setting no other one is about (epochs).
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "digits"
}

model "m" {
  hidden = [3]
}

pipeline "s" {
  optimizer "search" {
    batch_every = 5
    batch_size  = "x"
  }
}

pipeline "g" {
  optimizer "sgd" {
    nesterov = true
    momentum = "high"
    epochs   = -1
  }
}

pipeline "l" {
  optimizer "search" {
    layer {
      index        = "a"
      weight_steps = 5
    }
    layer {
      index        = 0
      weight_steps = 7
    }
  }
}

pipeline "t" {
  optimizer "search" {
    batch_sise  = 64
    batch_every = 5
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.s
}
