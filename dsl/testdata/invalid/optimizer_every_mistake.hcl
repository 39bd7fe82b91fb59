experiment "bad" {
  seed = 1
}

dataset "d" {
  source = "diabetes"
}

model "m" {
  hidden = [3]
}

# Every bad setting of a block is reported at once, a nested plateau's
# and a hybrid's stages' among them.
pipeline "p" {
  optimizer "adam" {
    epochs     = 0
    beta1      = 1
    epsilon    = -1
    batch_size = -1
    plateau {
      factor = 2
    }
  }
  optimizer "sgd" {
    nesterov = true
    plateau {
      factor   = 2
      patience = -1
    }
  }
  optimizer "search" {
    weight_steps = 1
    bias_values  = []
  }
  optimizer "hybrid" {
    search {
      iterations = 0
      tolerance  = -1
    }
    adam {
      learning_rate = -1
      plateau {
        threshold = -1
      }
    }
  }
}

run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
