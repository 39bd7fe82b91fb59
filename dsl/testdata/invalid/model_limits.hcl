experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "iris"
}

# Deeper than MaxHiddenLayers: refused before each layer is looked at.
model "deep" {
  hidden = [for i in range(1001) : 1]
}

# A layer size far out of range is written short.
model "huge" {
  hidden = [1e1000, 2.5]
}

pipeline "p" {
  optimizer "search" {
    weight_steps = 5
  }
}

run "r" {
  dataset  = dataset.toy
  model    = model.deep
  loss     = "mse"
  pipeline = pipeline.p
}
