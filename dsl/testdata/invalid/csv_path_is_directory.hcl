# Spark and similar tools write "data.csv" as a folder of part files.
experiment "bad" {
  seed = 1
}

dataset "toy" {
  source = "csv"
  path   = "spark_output.csv"
}

model "m" {
  hidden = [3]
}

pipeline "p" {
  optimizer "search" {
    iterations = 1
  }
}

run "r" {
  dataset  = dataset.toy
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
