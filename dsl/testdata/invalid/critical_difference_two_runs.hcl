experiment "bad" {
  seed    = 1
  repeats = 6
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

run "a" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}

run "b" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}

plot "every_run" {
  type = "critical_difference"
}

plot "listed" {
  type = "critical_difference"
  runs = [run.a]
}

# The same run twice is one run.
plot "twice" {
  type = "critical_difference"
  runs = [run.a, run.b, run.a]
}
