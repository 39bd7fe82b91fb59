# A custom optimizer in action: one_plus_one (this example's package) against
# the built-in coordinate grid search, training the same small network on the
# built-in diabetes data from the same initial parameters.
#
# one_plus_one is not in the stock nnexp binary; build the one next to this
# file, which is stock nnexp plus one blank import:
#
#   go run ./examples/oneplusone/cmd/nnexp run examples/oneplusone/one_plus_one.hcl
#
# Results go to results/one_plus_one/ (history.csv, summary.csv, *.png).
# Try --var repeats=5 for five paired repeats, or --var evaluations_per_iteration=200.

experiment "one_plus_one" {
  description = "(1+1) evolution strategy vs coordinate grid search on diabetes (10-5-4-1, MSE)"
  # Repeat r of every run starts from the parameters drawn with seed + r, and
  # one_plus_one draws its steps from a stream seeded the same way, so a
  # rerun gives identical numbers.
  seed    = 1
  repeats = var.repeats
}

variable "repeats" {
  default     = 1
  description = "How many paired repeats (different initial parameters) per run"
}

variable "evaluations_per_iteration" {
  default     = 84
  description = "one_plus_one samples per iteration (84 = one per parameter)"
}

# 442 rows, 10 standardised features, target 25..346.
dataset "diabetes" {
  source = "diabetes"
}

# 10 inputs -> 5 -> 4 -> 1 output with ReLU: 84 weights and biases, drawn
# uniformly from [-5, 5].
model "mlp" {
  hidden     = [5, 4]
  activation = "relu"
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}

# The label "one_plus_one" is the name the package registers in init();
# `nnexp list` shows it only in a binary that imports the package. Every
# attribute is optional: leave one out to get its default.
pipeline "one_plus_one" {
  optimizer "one_plus_one" {
    # One iteration tries this many Gaussian steps around the current point
    # (default: one per parameter) and keeps each one that lowers the loss.
    samples = var.evaluations_per_iteration
    # Initial step size (standard deviation); the default is 0.5.
    sigma = 0.5
    # The 1/5th rule: sigma *= grow after an iteration in which more than a
    # fifth of the steps succeeded, sigma *= shrink otherwise.
    grow   = 1.5
    shrink = 0.8
    # One iteration costs `samples` loss evaluations, a search sweep costs
    # 84 parameters x 100 grid points; 300 iterations are 25,200 evaluations.
    iterations = 300
    # 0 (the default) runs every iteration; a positive value stops once an
    # iteration improves the loss by less.
    tolerance = 0
  }
}

# The built-in coordinate grid search, as in experiments/compare.hcl but with
# a coarser grid and fewer sweeps to keep this example fast.
pipeline "search" {
  optimizer "search" {
    weight_range = [-5, 5]
    weight_steps = 50
    bias_range   = [-5, 5]
    bias_steps   = 50
    iterations   = 10
    tolerance    = 1e-6
  }
}

# Both runs share the data set, the model and the seed, so each repeat of
# one starts exactly where the same repeat of the other does.
run "one_plus_one" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.one_plus_one
}

run "search" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.search
}

plot "history_log" {
  type  = "history"
  runs  = [run.one_plus_one, run.search]
  title = "Training loss (log scale)"
  log_y = true
}
