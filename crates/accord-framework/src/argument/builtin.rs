//! The built-in argument types: integers, floats, booleans and strings.

use std::future::{Future, ready};

use accord_model::application::command::{CommandOption, CommandOptionNumber, CommandOptionType};
use accord_model::interaction::CommandOptionValue;

use super::{ArgumentError, PrefixArgs, PrefixArgument, SlashArgument, check_length, check_number};
use crate::invocation::Invocation;

/// The largest integer Discord accepts in an option, 2^53.
const DISCORD_MAX: i64 = 1 << 53;

macro_rules! integers {
    ($($t:ty),* $(,)?) => {$(
        impl SlashArgument for $t {
            fn describe(option: &mut CommandOption) {
                option.kind = CommandOptionType::Integer;
                let min = i64::try_from(<$t>::MIN).unwrap_or(i64::MIN).max(-DISCORD_MAX);
                let max = i64::try_from(<$t>::MAX).unwrap_or(i64::MAX).min(DISCORD_MAX);
                if min > -DISCORD_MAX && option.min_value.is_none() {
                    option.min_value = Some(CommandOptionNumber::Integer(min));
                }
                if max < DISCORD_MAX && option.max_value.is_none() {
                    option.max_value = Some(CommandOptionNumber::Integer(max));
                }
            }

            fn extract(
                _: &Invocation,
                value: &CommandOptionValue,
                option: &CommandOption,
            ) -> Result<Self, ArgumentError> {
                let number = value
                    .as_i64()
                    .ok_or_else(|| ArgumentError::invalid(format!("{value:?}"), "an integer"))?;
                #[allow(clippy::cast_precision_loss, reason = "Discord bounds integers to 2^53")]
                check_number(number as f64, option)?;
                <$t>::try_from(number).map_err(|_| ArgumentError::invalid(number.to_string(), "an integer in range"))
            }
        }

        impl PrefixArgument for $t {
            fn parse(
                _: &Invocation,
                args: &mut PrefixArgs,
                option: &CommandOption,
            ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
                ready(args.token().and_then(|token| {
                    let number: $t = token
                        .parse()
                        .map_err(|_| ArgumentError::invalid(token.clone(), "an integer"))?;
                    #[allow(clippy::cast_precision_loss, clippy::cast_lossless, reason = "bounds are checked as Discord does")]
                    check_number(number as f64, option)?;
                    Ok(number)
                }))
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, u8, u16, u32, u64, isize, usize);

macro_rules! floats {
    ($($t:ty),* $(,)?) => {$(
        impl SlashArgument for $t {
            fn describe(option: &mut CommandOption) {
                option.kind = CommandOptionType::Number;
            }

            fn extract(
                _: &Invocation,
                value: &CommandOptionValue,
                option: &CommandOption,
            ) -> Result<Self, ArgumentError> {
                let number = value
                    .as_f64()
                    .ok_or_else(|| ArgumentError::invalid(format!("{value:?}"), "a number"))?;
                check_number(number, option)?;
                #[allow(clippy::cast_possible_truncation, trivial_numeric_casts, reason = "f32 parameters accept the precision loss")]
                Ok(number as $t)
            }
        }

        impl PrefixArgument for $t {
            fn parse(
                _: &Invocation,
                args: &mut PrefixArgs,
                option: &CommandOption,
            ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
                ready(args.token().and_then(|token| {
                    let number: $t = token
                        .parse()
                        .ok()
                        .filter(|n: &$t| n.is_finite())
                        .ok_or_else(|| ArgumentError::invalid(token.clone(), "a number"))?;
                    #[allow(trivial_numeric_casts, clippy::cast_lossless, reason = "one macro for both float types")]
                    check_number(number as f64, option)?;
                    Ok(number)
                }))
            }
        }
    )*};
}

floats!(f32, f64);

impl SlashArgument for bool {
    fn describe(option: &mut CommandOption) {
        option.kind = CommandOptionType::Boolean;
    }

    fn extract(
        _: &Invocation,
        value: &CommandOptionValue,
        _: &CommandOption,
    ) -> Result<Self, ArgumentError> {
        value.as_bool().ok_or_else(|| ArgumentError::invalid(format!("{value:?}"), "true or false"))
    }
}

impl PrefixArgument for bool {
    fn parse(
        _: &Invocation,
        args: &mut PrefixArgs,
        _: &CommandOption,
    ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
        ready(args.token().and_then(|token| match token.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "on" | "1" => Ok(true),
            "false" | "no" | "n" | "off" | "0" => Ok(false),
            _ => Err(ArgumentError::invalid(token, "true or false")),
        }))
    }
}

impl SlashArgument for String {
    fn describe(option: &mut CommandOption) {
        option.kind = CommandOptionType::String;
    }

    fn extract(
        _: &Invocation,
        value: &CommandOptionValue,
        option: &CommandOption,
    ) -> Result<Self, ArgumentError> {
        let text =
            value.as_str().ok_or_else(|| ArgumentError::invalid(format!("{value:?}"), "text"))?;
        check_length(text, option)?;
        Ok(text.to_owned())
    }
}

impl PrefixArgument for String {
    fn parse(
        _: &Invocation,
        args: &mut PrefixArgs,
        option: &CommandOption,
    ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
        ready(args.token().and_then(|token| {
            check_length(&token, option)?;
            Ok(token)
        }))
    }
}

#[cfg(test)]
mod tests {
    use accord_model::application::command::{
        CommandOption, CommandOptionNumber, CommandOptionType,
    };
    use accord_model::interaction::CommandOptionValue;

    use super::{ArgumentError, PrefixArgs, PrefixArgument, SlashArgument};
    use crate::argument::ArgumentErrorKind;
    use crate::invocation::Invocation;

    fn option<T: SlashArgument>() -> CommandOption {
        let mut option = CommandOption::new(CommandOptionType::String, "n", "a number");
        T::describe(&mut option);
        option
    }

    async fn prefix<T: PrefixArgument>(
        input: &str,
        option: &CommandOption,
    ) -> Result<T, ArgumentError> {
        let invocation = Invocation::detached();
        PrefixArgs::new(input).required::<T>(&invocation, option).await
    }

    #[tokio::test]
    async fn integers_respect_their_type_and_bounds() {
        let small = option::<u8>();
        assert_eq!(small.kind, CommandOptionType::Integer);
        assert_eq!(small.min_value, Some(CommandOptionNumber::Integer(0)));
        assert_eq!(small.max_value, Some(CommandOptionNumber::Integer(255)));
        let wide = option::<i64>();
        assert_eq!((wide.min_value, wide.max_value), (None, None));

        assert_eq!(prefix::<u8>("200", &small).await.unwrap(), 200);
        let error = prefix::<u8>("300", &small).await.unwrap_err();
        assert!(matches!(error.kind(), ArgumentErrorKind::Invalid { .. }));
        let mut bounded = option::<i64>();
        bounded.min_value = Some(CommandOptionNumber::Integer(1));
        bounded.max_value = Some(CommandOptionNumber::Integer(10));
        let error = prefix::<i64>("11", &bounded).await.unwrap_err();
        assert_eq!(error.to_string(), "`n` must be between 1 and 10 (got 11)");
        // Optional: a number out of bounds is an error, a word is left for what follows.
        let invocation = Invocation::detached();
        let mut args = PrefixArgs::new("11");
        let error = args.optional::<i64>(&invocation, &bounded).await.unwrap_err();
        assert_eq!(error.to_string(), "`n` must be between 1 and 10 (got 11)");
        let mut args = PrefixArgs::new("eleven");
        assert_eq!(args.optional::<i64>(&invocation, &bounded).await.unwrap(), None);
        assert_eq!(args.rest(), "eleven");
        let invocation = Invocation::detached();
        let error =
            i64::extract(&invocation, &CommandOptionValue::Integer(0), &bounded).unwrap_err();
        assert!(matches!(error.kind(), ArgumentErrorKind::OutOfRange { .. }));
        assert_eq!(
            i64::extract(&invocation, &CommandOptionValue::Integer(5), &bounded).unwrap(),
            5
        );
    }

    #[tokio::test]
    async fn floats_bools_and_strings() {
        let number = option::<f64>();
        assert_eq!(number.kind, CommandOptionType::Number);
        assert!((prefix::<f64>("2.5", &number).await.unwrap() - 2.5).abs() < f64::EPSILON);
        assert!(prefix::<f64>("NaN", &number).await.is_err());
        let flag = option::<bool>();
        assert!(prefix::<bool>("yes", &flag).await.unwrap());
        assert!(!prefix::<bool>("OFF", &flag).await.unwrap());
        assert!(prefix::<bool>("maybe", &flag).await.is_err());
        let mut text = option::<String>();
        text.max_length = Some(3);
        assert_eq!(prefix::<String>("abc", &text).await.unwrap(), "abc");
        let error = prefix::<String>("abcd", &text).await.unwrap_err();
        assert_eq!(error.to_string(), "`n` must be 0 to 3 characters long (got 4)");
        let missing = prefix::<String>("", &text).await.unwrap_err();
        assert_eq!(missing.to_string(), "`n` is required");
    }
}
