"""Frontline: call-center training and simulation. The core knows nothing of Streamlit."""

__all__ = ["__version__"]

__version__ = "0.1.0"
