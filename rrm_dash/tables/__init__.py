"""Pure table builders: query frames in, display frames with translated headers and values out."""
