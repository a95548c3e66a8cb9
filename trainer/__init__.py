"""Frontline: call-center training and simulation. The core knows nothing of Streamlit."""

__version__ = "0.1.0"
