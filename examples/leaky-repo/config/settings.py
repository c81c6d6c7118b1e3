"""Settings for the uploader (FAKE credentials, for the tokenscope example)."""

import os

BUCKET = os.environ.get("UPLOAD_BUCKET", "demo-uploads")

# TODO: move to the secret store before going live
AWS_ACCESS_KEY_ID = "AKIABU4Z5H4JO24M4DMT"
AWS_SECRET_ACCESS_KEY = "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"
AWS_REGION = "eu-west-1"
