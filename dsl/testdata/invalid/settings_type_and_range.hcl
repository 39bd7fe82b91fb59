experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

loss "h" {
  type  = "huber"
  delta = -1
  nope  = 2
}

pipeline "p" {
  optimizer "adam" {
    epochs        = -1
    learning_rate = "fast"
  }
}

pipeline "hy" {
  optimizer "hybrid" {
    search {
      iterations = 0
      weight_steps = "many"
    }
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = loss.h
  pipeline = pipeline.p
}
