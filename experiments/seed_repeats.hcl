# The notebook's comparison (experiments/compare.hcl) over ten paired
# repeats with 20% of the rows held out, plus a second search run that
# revives dead ReLU units before each sweep (revive_dead = true: their
# incoming weights and bias re-drawn from U(±1/sqrt(fan_in)) by the job's
# random source). Repeat r of every run starts from the same parameters on
# the same split, so paired.csv compares them start by start.
#
# Run it:   go run ./cmd/nnexp run experiments/seed_repeats.hcl
# Results:  results/seed_repeats/ (summary_stats.csv, paired.csv, ...)

experiment "seed_repeats" {
  description = "Grid search (with and without revive_dead) vs Adam vs hybrid on diabetes, 10 paired repeats, 20% test"
  seed        = 1
  repeats     = var.repeats
}

variable "repeats" {
  default     = 10
  description = "How many paired repeats (different initial parameters) per run"
}

variable "iterations" {
  default     = 30
  description = "Search sweeps and Adam epochs, as in the notebook"
}

# A built-in data set: 442 rows, 10 standardised features, target 25..346.
# (source = "csv" with path = "my.csv" reads your own data instead.)
dataset "diabetes" {
  source        = "diabetes"
  test_fraction = 0.2
}

# 10 inputs (from the data) -> 5 -> 4 -> 1 output, ReLU after each hidden
# layer, every weight and bias drawn uniformly from [-5, 5] as in the notebook.
model "mlp" {
  hidden     = [5, 4]
  activation = "relu"
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}

# A pipeline is one or more optimizer blocks applied in turn to the same
# parameters. The label is the optimizer's registered name (`nnexp list`).
pipeline "search" {
  # Coordinate grid search: for each weight and bias in turn, try every grid
  # value, keep the best; one iteration sweeps every parameter once.
  optimizer "search" {
    weight_range = [-5, 5]
    weight_steps = 100
    bias_range   = [-5, 5]
    bias_steps   = 100
    iterations   = var.iterations
    tolerance    = 1e-6 # stop when a sweep improves the loss by less
  }
}

# The same search, reviving dead units before each sweep.
pipeline "search_revive" {
  optimizer "search" {
    weight_range = [-5, 5]
    weight_steps = 100
    bias_range   = [-5, 5]
    bias_steps   = 100
    iterations   = var.iterations
    tolerance    = 1e-6
    revive_dead  = true
  }
}

pipeline "adam" {
  optimizer "adam" {
    learning_rate = 0.1
    epochs        = var.iterations
    # Full batch (no batch_size); divide the learning rate by 10 after
    # 5 epochs without improvement, like PyTorch's ReduceLROnPlateau.
    plateau {
      factor   = 0.1
      patience = 5
    }
  }
}

# hybrid is one optimizer made of two stages: search, then Adam.
pipeline "hybrid" {
  optimizer "hybrid" {
    search {
      iterations = var.iterations
    }
    adam {
      learning_rate = 0.1
      epochs        = var.iterations
      plateau {
        factor   = 0.1
        patience = 5
      }
    }
  }
}

# A run pairs a data set, a model, a loss and a pipeline. Runs that share a
# model start each repeat from identical parameters.
run "search" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.search
}

run "search_revive" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.search_revive
}

run "gradient" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.adam
}

run "hybrid" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.hybrid
}

# history.png, history_<run>.png and final_loss.png are always written;
# plot blocks add more (or replace one by naming its file).
plot "history_log" {
  type  = "history"
  runs  = [run.search, run.search_revive, run.gradient, run.hybrid]
  title = "Training loss (log scale)"
  log_y = true
}

# The same curves against what they cost: one search sweep scores every grid
# value of every parameter (8,400 loss evaluations here), one Adam epoch
# costs two. A log axis keeps both readable.
plot "history_cost" {
  type  = "history"
  x     = "evaluations"
  title = "Training loss by cost"
  log_y = true
}
