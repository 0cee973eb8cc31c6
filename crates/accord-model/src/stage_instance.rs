//! Stage instances: live stages in stage channels.
