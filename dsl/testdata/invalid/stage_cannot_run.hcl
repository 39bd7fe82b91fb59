# Optimizers that cannot run on the run's model: full CMA-ES past 2,000
# parameters (4-500-3 on iris has 4,003), and a search layer block for a
# layer the model lacks, after a stage that would have spent its time
# first. The model's size comes from the data, so the plan reports them,
# before any job starts.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "iris"
}

model "m" {
  hidden = [500]
}

pipeline "full" {
  optimizer "cmaes" {
    full = true
  }
}

pipeline "late" {
  optimizer "adam" {
    epochs = 3
  }
  optimizer "search" {
    layer {
      index = 9
    }
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.full
}

run "r2" {
  dataset  = dataset.d
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.late
}
