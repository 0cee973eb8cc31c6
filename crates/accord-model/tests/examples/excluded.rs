//! Examples the model deliberately does not cover, each with the reason.

pub(crate) const EXCLUDED: &[(&str, &str)] = &[];
