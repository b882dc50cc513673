"""What the web app's charts draw: typed series prepared by the library, small enough for a page.

`run.run_chart` for one run (bars against the ladder, streams, route), `history.history_chart` for the
sessions over the weeks; `downsample` cuts long streams to about 2,000 points (LTTB).
"""
