//! Invites and their metadata.
