"""Empty Chair in Slack: thin Bolt listeners over the core, Block Kit rendering, the app."""
