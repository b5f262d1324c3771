"""Training: datasets and gradient descent on a network spec."""
