"""Many businesses in one run: input expansion, streamed rows and the portfolio summary."""
