"""Adapters between the pipeline and AWS. Only `clients` imports boto3; the rest take a client."""
