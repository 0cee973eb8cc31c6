//! Webhooks: incoming, channel follower and application webhooks.
