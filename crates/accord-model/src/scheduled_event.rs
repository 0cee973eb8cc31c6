//! Guild scheduled events and their recurrence rules.
