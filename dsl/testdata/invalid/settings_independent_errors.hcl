# Errors independent of a failed setting are still reported beside it:
# a quoted word in a decoding error ("v", "e"), a setting whose name
# contains the failed one's (tolerance in gradient_tolerance), the same
# name in another nested block, and a misspelt name whose suggestion the
# block sets already.
experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

pipeline "a" {
  optimizer "sgd" {
    momentum     = tonumber("fast")
    epochs       = -1
    weight_decay = -1
  }
}

pipeline "b" {
  optimizer "adam" {
    learning_rate = var.e
    epochs        = -1
  }
}

pipeline "c" {
  optimizer "lbfgs" {
    tolerance          = "tiny"
    gradient_tolerance = -1
  }
}

pipeline "h" {
  optimizer "hybrid" {
    search {
      batch_size = "x"
    }
    adam {
      batch_size = -1
    }
  }
}

pipeline "m" {
  optimizer "adam" {
    learning_rat  = 1
    learning_rate = -5
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.a
}
