"""OpenClaw's own checks beyond its schema (OC210-OC299), by subject: roster, secrets,
channels (and plugins), gateway (and tools); common.py holds the facts several of them share."""
