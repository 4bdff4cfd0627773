"""Developer tools: the `relief` command line, the synthetic ISP file generator, and the local run
of the whole pipeline on moto. Not shipped in the Lambda layer."""
