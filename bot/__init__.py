"""The channels (CLI now; Slack and Teams next): each turns an event into one core call."""
