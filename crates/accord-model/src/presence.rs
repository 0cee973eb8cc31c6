//! Presences: a user's status and activities.
