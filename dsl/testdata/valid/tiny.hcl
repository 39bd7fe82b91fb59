experiment "tiny" {
  seed    = 7
  repeats = 2
}

variable "steps" {
  default = 5
}

dataset "toy" {
  source        = "csv"
  path          = "toy.csv"
  test_fraction = 0.25
  standardize   = true
}

dataset "flowers" {
  source = "iris"
}

model "small" {
  hidden     = [3, 2]
  activation = ["tanh", "relu"]
  init {
    weights = [-1, 1]
  }
}

loss "robust" {
  type  = "huber"
  delta = 2.5
}

pipeline "both" {
  optimizer "search" {
    weight_steps = var.steps
    iterations   = 2
  }
  optimizer "adam" {
    learning_rate = 0.01
    epochs        = 3
  }
}

run "toy_huber" {
  dataset  = dataset.toy
  model    = model.small
  loss     = loss.robust
  pipeline = pipeline.both
  seed     = 11
}

run "iris" {
  dataset  = dataset.flowers
  model    = model.small
  loss     = "cross_entropy"
  pipeline = pipeline.both
  repeats  = 1
}

plot "iris_only" {
  type = "history"
  runs = [run.iris]
}
