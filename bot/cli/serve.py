"""`emptychair serve`: the Slack and Teams server."""
