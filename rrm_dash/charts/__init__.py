"""Pure chart builders: frames and translated labels in, plotly figures out (no Streamlit inside)."""
