"""Using gradients: numerical gradient checks and single gradient-descent steps."""
