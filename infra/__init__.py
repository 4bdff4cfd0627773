"""The CDK app that deploys relief: buckets, queues, tables, keys, the three functions, office roles, alarms."""
