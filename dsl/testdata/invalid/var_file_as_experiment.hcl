iterations = 3
repeats = 2
