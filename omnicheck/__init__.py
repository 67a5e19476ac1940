"""omnicheck: how well do a business's channels work together, and what next?"""

__version__ = "0.1.0"
