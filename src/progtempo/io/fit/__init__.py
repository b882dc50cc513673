"""FIT activity files: decode to `FitMessages`, then build an Activity from them; and a small encoder.

- `format`: the file format's facts (epoch, the base types, the CRC), shared by decoders and encoder;
- `profile`: the FIT profile's tables the fast decoder needs;
- `messages`: `FitMessages`, what a decoder gives, and the conventions both decoders follow;
- `fast`: our vectorised decoder; `fitdecode`: the oracle (fitdecode) it must match;
- `build`: `FitMessages` into Activities, one per session; `read`: header checks, decoder choice,
  `read_fit_sessions` and `read_fit`;
- `encode`: `FitWriter`, for workout files and synthetic activities.
"""

from progtempo.io.fit.build import build_activities, build_activity
from progtempo.io.fit.messages import FitMessages
from progtempo.io.fit.read import decode, read_fit, read_fit_sessions, repair_header

__all__ = [
    "FitMessages",
    "build_activities",
    "build_activity",
    "decode",
    "read_fit",
    "read_fit_sessions",
    "repair_header",
]
