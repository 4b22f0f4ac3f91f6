"""oclc upgrade."""
