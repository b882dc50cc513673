"""Planning the progressive tempo run: the pace ladder, its progression and on-the-day changes."""
