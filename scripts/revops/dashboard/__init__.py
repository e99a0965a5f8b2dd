"""``revops dashboard`` and the figures ``revops report`` shares with it.

Modules: ``warehouse`` (read-only connection), ``queries`` (reads of the marts), ``figures`` (Plotly
figures), ``layout`` (pages and panels), ``whatif`` (the projection), ``app`` (the Dash server).
"""
