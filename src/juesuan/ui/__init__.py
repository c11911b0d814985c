"""Streamlit pages of the inspector workspace (thin: every decision lives in juesuan.workspace)."""
