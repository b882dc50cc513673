"""A fast FIT decoder of our own: one Python pass over message headers, record fields decoded with numpy.

fitdecode builds Python objects for every field of every message (about 10k records/s here). This
decoder walks the file once in Python, but only over message *headers* (`walk`): it parses definition
messages and notes where each data message starts. The `record` messages of each definition are
then gathered into a 2-D byte array by fancy indexing, viewed through a structured dtype (with the
definition's byte order) and decoded column by column (`records`): invalid values masked, scale and
offset applied, compressed timestamps and the accumulated `compressed_speed_distance` resolved with
cumulative sums. The few other messages (laps, sessions, events, devices) are decoded one by one
(`messages`) with the small profile table in `progtempo.io.fit.profile`.

It fills `FitMessages` following the conventions written in `progtempo.io.fit.messages`, which the
fitdecode path (`progtempo.io.fit.fitdecode`) follows too; the tests hold the two to identical output
on every sample file, on cut and corrupted copies of them, and on generated files. Where it meets
something it does not copy from fitdecode, it raises `Declined` and `decode` reads the file with
fitdecode.
"""

from progtempo.io.fit.fast.decode import decode_fast

__all__ = ["decode_fast"]
