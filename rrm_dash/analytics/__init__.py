"""Pure analytics over query results: scores and derived measures, no Streamlit, no SQL."""
