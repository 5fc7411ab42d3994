"""Streamlit glue shared by the pages: page context, language switch, common components."""
