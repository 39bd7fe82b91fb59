# The stages inside a preset are checked as the top level's are: hybrid's
# adam stage, and random_search on minibatches (which compares candidates
# by the minibatch loss a gradient capability returns), cannot run on a
# loss without a gradient.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "iris"
}

model "m" {
  hidden = [3]
}

pipeline "h" {
  optimizer "hybrid" {
    search {}
    adam {}
  }
}

pipeline "rs" {
  optimizer "random_search" {
    batch_size = 10
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "zero_one"
  pipeline = pipeline.h
}

run "r2" {
  dataset  = dataset.d
  model    = model.m
  loss     = "zero_one"
  pipeline = pipeline.rs
}
