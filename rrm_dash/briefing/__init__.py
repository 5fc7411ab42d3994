"""The leadership briefing: one or two pages of the period, on screen, as PDF and from the command line."""
