"""Adapters between the pipeline and AWS: the only package that imports boto3 (clients.py makes
the clients; the rest take one). runtime.py builds a Lambda container's services from them."""
