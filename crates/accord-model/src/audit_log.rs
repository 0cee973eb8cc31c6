//! Audit logs: entries, changes and the objects they mention.
