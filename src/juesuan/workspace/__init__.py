"""Inspector workspace logic without Streamlit: triage, uploads, reports."""
