"""The work of each pipeline function (split, evaluate, assemble), given its services.

Handlers in functions/ parse events and call these; the local run and the tests call the same
handlers. Nothing here imports boto3: the services wrap clients made elsewhere.
"""
