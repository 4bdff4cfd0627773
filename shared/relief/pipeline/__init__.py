"""The pipeline: an upload becomes a job, split into chunks, evaluated in parallel and assembled
into signed bundles. Stages (split, evaluate, assemble) work through the interfaces in ports.py;
keys.py names every object and table key."""
