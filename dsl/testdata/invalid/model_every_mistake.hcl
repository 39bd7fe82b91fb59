experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "iris"
}

# No hidden, and a misspelt activation: both are reported in one pass.
model "m" {
  activation = "rlu"
  init {
    weights = [1, -1]
  }
}

pipeline "p" {
  optimizer "search" {
    weight_steps = 5
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}

# A misspelt attribute does not hide a wrong count of activations.
model "miscount" {
  hidden     = [5, 4]
  activation = ["relu", "tanh", "relu"]
  colour     = 3
}
