"""Running the app as several processes behind nginx: config rendering, processes, the cluster command."""
