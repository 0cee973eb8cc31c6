//! Soundboard sounds.
