//! Auto-moderation rules, triggers and actions.
