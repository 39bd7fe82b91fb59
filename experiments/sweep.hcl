# Sweeps: Adam's learning rate x batch size and search's grid size x range,
# each a grid of run instances made by for_each, in one output folder.
#
# Run it:   go run ./cmd/nnexp run experiments/sweep.hcl
# Results:  results/sweep/ (summary.csv has one column per swept setting,
#           sweep_adam.png and sweep_search.png plot the test loss against it)
# Try:      go run ./cmd/nnexp run experiments/sweep.hcl --var repeats=10

experiment "sweep" {
  description = "Adam learning rate x batch size, search grid size x range, on diabetes (10-5-4-1, MSE, 20% held out)"
  seed        = 1
  repeats     = var.repeats
}

variable "repeats" {
  default     = 5
  description = "How many paired repeats (different initial parameters) per run"
}

variable "epochs" {
  default     = 20
  description = "Adam epochs and search sweeps"
}

locals {
  # Keys name the instances; values are the settings.
  rates   = { "0.001" = 0.001, "0.01" = 0.01, "0.1" = 0.1, "1" = 1 }
  batches = { b32 = 32, b353 = 353 } # 353 is every training row: full batch
  steps   = { g05 = 5, g15 = 15, g45 = 45 }
  ranges  = { r2 = 2, r5 = 5 }

  # The grids: "0.01-b32" => { rate = 0.01, batch = 32 }, ...
  adam_grid = { for p in setproduct(keys(local.rates), keys(local.batches)) : "${p[0]}-${p[1]}" => {
    rate  = local.rates[p[0]]
    batch = local.batches[p[1]]
  } }
  search_grid = { for p in setproduct(keys(local.steps), keys(local.ranges)) : "${p[0]}-${p[1]}" => {
    steps = local.steps[p[0]]
    range = local.ranges[p[1]]
  } }
}

dataset "diabetes" {
  source        = "diabetes"
  test_fraction = 0.2
}

model "mlp" {
  hidden = [5, 4]
}

# One pipeline instance per learning rate and batch size:
# pipeline.adam["0.01-b32"], ...
pipeline "adam" {
  for_each = local.adam_grid
  optimizer "adam" {
    learning_rate = each.value.rate
    batch_size    = each.value.batch
    epochs        = var.epochs
  }
}

pipeline "search" {
  for_each = local.search_grid
  optimizer "search" {
    weight_steps = each.value.steps
    bias_steps   = each.value.steps
    weight_range = [-each.value.range, each.value.range]
    bias_range   = [-each.value.range, each.value.range]
    iterations   = var.epochs
    tolerance    = 1e-6
  }
}

# A run per pipeline instance, named adam[0.01-b32] in the CSVs; all runs
# share the model and seed, so every instance starts repeat r from the
# same parameters.
run "adam" {
  for_each = local.adam_grid
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.adam[each.key]
}

run "search" {
  for_each = local.search_grid
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.search[each.key]
}

# A sweep plot draws a final metric (here the default: test loss, since
# the data set holds rows out) against one hyperparameter column, one line
# per family of instances that share every other setting, the median over
# repeats with its interquartile range as a band. The learning rates span
# three decades, so the x axis is logarithmic.
plot "sweep_adam" {
  type  = "sweep"
  runs  = [run.adam]
  x     = "optimizer.adam.learning_rate"
  log_y = true
}

plot "sweep_search" {
  type = "sweep"
  runs = [run.search]
  x    = "optimizer.search.weight_steps"
}
