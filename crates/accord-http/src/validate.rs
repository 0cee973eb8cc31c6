//! Checks that setters run on their values, so a request Discord would reject is not sent.
//!
//! A setter that receives a bad value records the first [`ValidationError`]; awaiting the
//! request then returns it as [`ErrorKind::Validation`](crate::ErrorKind::Validation) without
//! touching the network.

use std::fmt;

/// A value a setter refused: which field, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    field: &'static str,
    kind: ValidationErrorKind,
}

/// Why a value was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationErrorKind {
    /// Text longer than allowed, in characters.
    TooLong {
        /// The most characters allowed.
        max: usize,
        /// The length given.
        actual: usize,
    },
    /// Text shorter than required, in characters.
    TooShort {
        /// The fewest characters required.
        min: usize,
        /// The length given.
        actual: usize,
    },
    /// More items than allowed.
    TooMany {
        /// The most items allowed.
        max: usize,
        /// The count given.
        actual: usize,
    },
    /// Fewer items than required.
    TooFew {
        /// The fewest items required.
        min: usize,
        /// The count given.
        actual: usize,
    },
    /// A number outside its range.
    OutOfRange {
        /// The smallest value allowed.
        min: i64,
        /// The largest value allowed.
        max: i64,
        /// The value given.
        actual: i64,
    },
    /// Another rule, described in words.
    Invalid {
        /// What the rule is.
        reason: &'static str,
    },
}

impl ValidationError {
    /// An error for `field`.
    pub const fn new(field: &'static str, kind: ValidationErrorKind) -> Self {
        Self { field, kind }
    }

    /// The field whose value was refused (Discord's name for it, `embeds` or `embeds.title`).
    pub const fn field(&self) -> &'static str {
        self.field
    }

    /// Why the value was refused.
    pub const fn kind(&self) -> &ValidationErrorKind {
        &self.kind
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field;
        match &self.kind {
            ValidationErrorKind::TooLong { max, actual } => {
                write!(f, "`{field}` is {actual} characters long, at most {max} are allowed")
            }
            ValidationErrorKind::TooShort { min, actual } => {
                write!(f, "`{field}` is {actual} characters long, at least {min} are required")
            }
            ValidationErrorKind::TooMany { max, actual } => {
                write!(f, "`{field}` has {actual} items, at most {max} are allowed")
            }
            ValidationErrorKind::TooFew { min, actual } => {
                write!(f, "`{field}` has {actual} items, at least {min} are required")
            }
            ValidationErrorKind::OutOfRange { min, max, actual } => {
                write!(f, "`{field}` is {actual}, it must be between {min} and {max}")
            }
            ValidationErrorKind::Invalid { reason } => write!(f, "`{field}` is invalid: {reason}"),
        }
    }
}

impl std::error::Error for ValidationError {}

/// The result of one check, before the field name is attached.
pub(crate) type Check = Result<(), ValidationErrorKind>;

/// Text of `min..=max` characters (Unicode scalar values, as Discord counts them).
pub(crate) fn chars<S: AsRef<str> + ?Sized>(min: usize, max: usize) -> impl Fn(&S) -> Check {
    move |text| check_chars(text.as_ref(), min, max)
}

pub(crate) fn check_chars(text: &str, min: usize, max: usize) -> Check {
    let actual = text.chars().count();
    if actual > max {
        Err(ValidationErrorKind::TooLong { max, actual })
    } else if actual < min {
        Err(ValidationErrorKind::TooShort { min, actual })
    } else {
        Ok(())
    }
}

/// A list of `min..=max` items.
pub(crate) fn count<L: AsRef<[T]> + ?Sized, T>(min: usize, max: usize) -> impl Fn(&L) -> Check {
    move |list| check_count(list.as_ref().len(), min, max)
}

pub(crate) fn check_count(actual: usize, min: usize, max: usize) -> Check {
    if actual > max {
        Err(ValidationErrorKind::TooMany { max, actual })
    } else if actual < min {
        Err(ValidationErrorKind::TooFew { min, actual })
    } else {
        Ok(())
    }
}

/// A number in `min..=max`.
pub(crate) fn range<N: Copy + TryInto<i64>>(min: i64, max: i64) -> impl Fn(&N) -> Check {
    move |value| {
        let actual = (*value).try_into().unwrap_or(i64::MAX);
        if (min..=max).contains(&actual) {
            Ok(())
        } else {
            Err(ValidationErrorKind::OutOfRange { min, max, actual })
        }
    }
}

/// Records the first failed check of a request; later ones are dropped, as the first already
/// stops the request.
pub(crate) fn record(slot: &mut Option<ValidationError>, field: &'static str, result: Check) {
    if let Err(kind) = result
        && slot.is_none()
    {
        *slot = Some(ValidationError::new(field, kind));
    }
}

/// The longest audit log reason Discord accepts, in characters.
pub(crate) const REASON_MAX: usize = 512;

#[cfg(test)]
mod tests {
    use super::{ValidationErrorKind, chars, count, range, record};

    #[test]
    fn chars_counts_characters_not_bytes() {
        let check = chars::<str>(1, 3);
        assert_eq!(check("ééé"), Ok(()));
        assert_eq!(check("éééé"), Err(ValidationErrorKind::TooLong { max: 3, actual: 4 }));
        assert_eq!(check(""), Err(ValidationErrorKind::TooShort { min: 1, actual: 0 }));
    }

    #[test]
    fn counts_and_ranges() {
        assert_eq!(
            count::<[u8], u8>(0, 2)(&[1, 2, 3][..]),
            Err(ValidationErrorKind::TooMany { max: 2, actual: 3 })
        );
        assert_eq!(range::<u16>(1, 100)(&100), Ok(()));
        assert_eq!(
            range::<u16>(1, 100)(&0),
            Err(ValidationErrorKind::OutOfRange { min: 1, max: 100, actual: 0 })
        );
        assert!(range::<u64>(0, 10)(&u64::MAX).is_err());
    }

    #[test]
    fn the_first_error_wins() {
        let mut slot = None;
        record(&mut slot, "a", Ok(()));
        record(&mut slot, "b", Err(ValidationErrorKind::Invalid { reason: "x" }));
        record(&mut slot, "c", Err(ValidationErrorKind::Invalid { reason: "y" }));
        assert_eq!(slot.unwrap().field(), "b");
    }
}
