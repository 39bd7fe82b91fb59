experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "csv"
  path   = "toy.csv"
}

dataset "unused" {
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

run "r" {
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}

milestone "typo" {
  metric = "train_los"
  value  = 1
}

milestone "too_accurate" {
  metric = "train_accuracy"
  value  = 1.5
}

milestone "both" {
  metric  = "train_loss"
  value   = 1
  runs    = [run.r]
  dataset = dataset.toy
}

milestone "nobody" {
  metric  = "train_loss"
  value   = 1
  dataset = dataset.unused
}

milestone "no_test" {
  metric = "test_loss"
  value  = 1
}

milestone "empty" {
  metric = "train_loss"
  value  = 1
  runs   = []
}

milestone "no_value" {
  metric = "train_loss"
}

milestone "typo" {
  metric = "train_loss"
  value  = 2
}

milestone "" {
  metric = "TRAIN_LOSS"
  value  = 1
}
