"""One Streamlit page per module."""
