"""The pictures of runs and of the log: data for the web app's charts, figures for files.

For the browser, typed series small enough for a page: `run.run_chart` for one run (bars against the
ladder, streams, route), `history.history_chart` for the sessions over the weeks; `downsample` cuts long
streams to about 2,000 points (LTTB). For files (`--plot`, the demo), matplotlib figures:
`run_plot.draw_run`, `log_plot.draw_history` and `log_plot.draw_load`, which `figure.figure_bytes` renders
in memory; the caller writes them.
"""
