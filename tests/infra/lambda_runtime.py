"""Runs one Lambda handler the way the Python 3.12 Lambda runtime does, for tests/test_layer_packaging.py.

Run by a clean Python 3.12 (`python -I`, no project code installed, only boto3) with:
    FUNCTION_DIR LAYER_DIR EVENT_JSON RESULT_JSON
FUNCTION_DIR plays /var/task (functions/<name>/, `app.handler`), LAYER_DIR /opt/python (the built layer).
Writes the handler's response and where each package was imported from to RESULT_JSON; logs and metrics go
to stdout as in Lambda.
"""

import json
import sys
import uuid

function_dir, layer_dir, event_path, result_path = sys.argv[1:5]
sys.path[:0] = [function_dir, layer_dir]  # Lambda: /var/task, then /opt/python, then the runtime's own


class Context:
    """The parts of Lambda's context object that Powertools reads."""

    function_name = "relief-packaging-test"
    function_version = "$LATEST"
    memory_limit_in_mb = 2048
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:relief-packaging-test"
    aws_request_id = str(uuid.uuid4())
    log_group_name = "/aws/lambda/relief-packaging-test"
    log_stream_name = "packaging-test"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 900_000


import app  # noqa: E402  (functions/<name>/app.py, as the runtime imports the handler's module)

with open(event_path, encoding="utf-8") as stream:
    event = json.load(stream)
response = app.handler(event, Context())
modules = {name: getattr(sys.modules.get(name), "__file__", None)
           for name in ("relief", "pydantic", "pydantic_core", "aws_lambda_powertools", "fpdf", "cryptography",
                        "boto3")}
with open(result_path, "w", encoding="utf-8") as stream:
    json.dump({"response": response, "python": list(sys.version_info[:2]), "modules": modules}, stream)
