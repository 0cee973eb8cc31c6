//! Channels of every type, threads, permission overwrites and forum tags.
