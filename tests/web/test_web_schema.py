"""schemathesis against `/openapi.json`: whatever a client sends, the server answers as documented (a 4xx
with `{"error": …}` for bad input), never a 500, and keeps answering.

`positive_data_acceptance` is left out: a string the schema allows (a pace, a spec) can still be one the
library refuses with a 400 that says why, which is the point. The event stream is left out: it streams.
The app is built when the module loads, because schemathesis reads the schema then (on a throwaway log).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from progtempo.web import WebSettings, create_app

_DIR = Path(tempfile.mkdtemp(prefix="progtempo-schema-"))
APP = create_app(
    WebSettings(unit="mi", db_url=f"sqlite:///{_DIR / 'log.sqlite'}", data_dir=_DIR, import_jobs=1)
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(path_regex=r"/events$")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case: schemathesis.Case) -> None:
    response = case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
    assert response.status_code < 500
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}
