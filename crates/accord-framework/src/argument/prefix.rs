//! The prefix tokenizer: words, `"quoted strings"` with `\` escapes, `--flags`, and the rest of
//! the line, read one parameter at a time.

use accord_model::application::command::CommandOption;

use super::{ArgumentError, ArgumentErrorKind, PrefixArgument};
use crate::invocation::Invocation;

/// One word or quoted string of a prefix command's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The text, without quotes and escapes.
    pub text: String,
    /// Where it starts in the input, in bytes (at the opening quote if quoted).
    pub start: usize,
    /// Where it ends in the input, in bytes (after the closing quote if quoted).
    pub end: usize,
    /// Whether it was quoted.
    pub quoted: bool,
}

/// Splits `input` into tokens: runs of non-whitespace, or `"…"` where whitespace is kept and
/// `\"` and `\\` are escapes. An unterminated quote runs to the end of the input.
pub fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut text = String::new();
        let quoted = c == '"';
        if quoted {
            chars.next();
        }
        let mut end = input.len();
        while let Some((index, c)) = chars.next() {
            if quoted && c == '"' {
                end = index + 1;
                break;
            }
            if !quoted && c.is_whitespace() {
                end = index;
                break;
            }
            if c == '\\'
                && let Some(&(_, next)) = chars.peek()
                && (next == '"' || next == '\\')
            {
                text.push(next);
                chars.next();
                continue;
            }
            text.push(c);
        }
        tokens.push(Token { text, start, end, quoted });
    }
    tokens
}

/// The arguments of a prefix command, consumed one parameter at a time.
///
/// ```
/// use accord_framework::argument::PrefixArgs;
///
/// let mut args = PrefixArgs::new(r#"3 "two words" --loud and the rest"#);
/// assert!(args.take_flag("loud"));
/// assert_eq!(args.next_token().unwrap().text, "3");
/// assert_eq!(args.next_token().unwrap().text, "two words");
/// assert_eq!(args.rest(), "and the rest");
/// assert!(args.is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct PrefixArgs {
    input: String,
    tokens: Vec<Token>,
    position: usize,
    /// The byte ranges of flags taken out, skipped by [`rest`](Self::rest).
    removed: Vec<(usize, usize)>,
    attachment: usize,
}

/// Where a [`PrefixArgs`] is, to go back after a failed optional parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    token: usize,
    attachment: usize,
}

impl PrefixArgs {
    /// The arguments in `input` (the message after the prefix and the command name).
    pub fn new(input: impl Into<String>) -> Self {
        let input = input.into();
        let tokens = tokenize(&input);
        Self { input, tokens, position: 0, removed: Vec::new(), attachment: 0 }
    }

    /// Takes the next token.
    pub fn next_token(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned()?;
        self.position += 1;
        Some(token)
    }

    /// The next token, left in place.
    pub fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    /// The next token's text, or a [`Missing`](ArgumentErrorKind::Missing) error.
    pub fn token(&mut self) -> Result<String, ArgumentError> {
        self.next_token().map(|token| token.text).ok_or_else(ArgumentError::missing)
    }

    /// Takes every remaining token out as one string, as typed (quotes and spacing kept, flags
    /// already taken left out), trimmed.
    pub fn rest(&mut self) -> String {
        let Some(start) = self.peek().map(|token| token.start) else {
            return String::new();
        };
        self.position = self.tokens.len();
        let mut rest = String::new();
        let mut at = start;
        let mut removed = self.removed.clone();
        removed.sort_unstable();
        for (from, to) in removed {
            if to <= at {
                continue;
            }
            rest.push_str(&self.input[at..from.max(at)]);
            at = to;
        }
        rest.push_str(&self.input[at..]);
        rest.trim().to_owned()
    }

    /// Removes `--name` (unquoted) from the remaining tokens; returns whether it was there.
    pub fn take_flag(&mut self, name: &str) -> bool {
        let found = self
            .tokens
            .iter()
            .skip(self.position)
            .position(|token| !token.quoted && token.text.strip_prefix("--") == Some(name));
        match found {
            Some(offset) => {
                let token = self.tokens.remove(self.position + offset);
                self.removed.push((token.start, token.end));
                true
            }
            None => false,
        }
    }

    /// The index of the next attachment of the message to hand out, and advances it.
    pub const fn next_attachment(&mut self) -> usize {
        self.attachment += 1;
        self.attachment - 1
    }

    /// Whether every token was consumed.
    pub fn is_empty(&self) -> bool {
        self.position >= self.tokens.len()
    }

    /// Where the reader is.
    pub const fn position(&self) -> Position {
        Position { token: self.position, attachment: self.attachment }
    }

    /// Goes back to `position`.
    pub const fn restore(&mut self, position: Position) {
        self.position = position.token;
        self.attachment = position.attachment;
    }

    /// Fails with [`TooMany`](ArgumentErrorKind::TooMany) when tokens are left.
    pub fn finish(&self) -> Result<(), ArgumentError> {
        match self.peek() {
            Some(token) => {
                Err(ArgumentError::new(ArgumentErrorKind::TooMany { input: token.text.clone() }))
            }
            None => Ok(()),
        }
    }

    /// Reads a required parameter.
    pub async fn required<T: PrefixArgument>(
        &mut self,
        invocation: &Invocation,
        option: &CommandOption,
    ) -> Result<T, ArgumentError> {
        T::parse(invocation, self, option).await.map_err(|error| error.for_parameter(&option.name))
    }

    /// Reads an optional parameter: `None` when there is no input left, or when the next
    /// input is not a `T` (then it is left for the next parameter). A `T` outside of the
    /// parameter's bounds or lengths is an error: the user meant it for this parameter.
    pub async fn optional<T: PrefixArgument>(
        &mut self,
        invocation: &Invocation,
        option: &CommandOption,
    ) -> Result<Option<T>, ArgumentError> {
        let position = self.position();
        match T::parse(invocation, self, option).await {
            Ok(value) => Ok(Some(value)),
            Err(error)
                if matches!(
                    error.kind(),
                    ArgumentErrorKind::OutOfRange { .. } | ArgumentErrorKind::Length { .. }
                ) =>
            {
                Err(error.for_parameter(&option.name))
            }
            Err(_) => {
                self.restore(position);
                Ok(None)
            }
        }
    }

    /// Reads as many `T` as follow (possibly none).
    pub async fn variadic<T: PrefixArgument>(
        &mut self,
        invocation: &Invocation,
        option: &CommandOption,
    ) -> Result<Vec<T>, ArgumentError> {
        let mut values = Vec::new();
        while !self.is_empty() {
            let position = self.position();
            if let Ok(value) = T::parse(invocation, self, option).await {
                values.push(value);
            } else {
                self.restore(position);
                break;
            }
        }
        Ok(values)
    }

    /// Reads the rest of the line as one `T` (a required parameter).
    pub async fn rest_as<T: PrefixArgument>(
        &mut self,
        invocation: &Invocation,
        option: &CommandOption,
    ) -> Result<T, ArgumentError> {
        let rest = self.rest();
        if rest.is_empty() {
            return Err(ArgumentError::missing().for_parameter(&option.name));
        }
        let mut single = Self {
            tokens: vec![Token { text: rest.clone(), start: 0, end: rest.len(), quoted: true }],
            input: rest,
            position: 0,
            removed: Vec::new(),
            attachment: self.attachment,
        };
        single.required(invocation, option).await
    }

    /// Reads the rest of the line as an optional `T`: `None` when nothing is left.
    pub async fn optional_rest_as<T: PrefixArgument>(
        &mut self,
        invocation: &Invocation,
        option: &CommandOption,
    ) -> Result<Option<T>, ArgumentError> {
        if self.is_empty() {
            return Ok(None);
        }
        self.rest_as(invocation, option).await.map(Some)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{PrefixArgs, tokenize};

    fn texts(input: &str) -> Vec<String> {
        tokenize(input).into_iter().map(|token| token.text).collect()
    }

    #[test]
    fn words_quotes_and_escapes() {
        assert_eq!(texts("  a  b\tc "), ["a", "b", "c"]);
        assert_eq!(texts(r#"say "hello world" now"#), ["say", "hello world", "now"]);
        assert_eq!(texts(r#""a \"quote\" and \\ slash""#), [r#"a "quote" and \ slash"#]);
        assert_eq!(texts(r#""unterminated quote"#), ["unterminated quote"]);
        assert_eq!(texts(r#""""#), [""]);
        assert!(texts("   ").is_empty());
    }

    #[test]
    fn flags_are_taken_from_anywhere_but_quotes() {
        let mut args = PrefixArgs::new(r#"one --fast "--fast" two"#);
        assert!(args.take_flag("fast"));
        assert!(!args.take_flag("fast"), "the quoted one is not a flag");
        assert!(!args.take_flag("slow"));
        assert_eq!(args.token().unwrap(), "one");
        assert_eq!(args.rest(), r#""--fast" two"#);
    }

    #[test]
    fn rest_skips_flags_taken() {
        let mut args = PrefixArgs::new("first the --loud rest of it");
        assert!(args.take_flag("loud"));
        assert_eq!(args.token().unwrap(), "first");
        assert_eq!(args.rest(), "the  rest of it");
        assert!(args.is_empty() && args.finish().is_ok());
    }

    #[test]
    fn positions_restore() {
        let mut args = PrefixArgs::new("a b");
        let start = args.position();
        args.next_token();
        assert_eq!(args.next_attachment(), 0);
        args.restore(start);
        assert_eq!(args.token().unwrap(), "a");
        assert_eq!(args.next_attachment(), 0);
        assert!(args.finish().is_err());
    }

    proptest! {
        #[test]
        fn unquoted_words_round_trip(words in proptest::collection::vec("[a-z0-9]{1,8}", 0..8)) {
            let input = words.join(" ");
            prop_assert_eq!(texts(&input), words);
        }

        #[test]
        fn quoted_strings_round_trip(text in "[a-z \"\\\\]{0,20}") {
            let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
            let tokens = tokenize(&format!("\"{escaped}\""));
            prop_assert_eq!(tokens.len(), 1);
            prop_assert_eq!(&tokens[0].text, &text);
        }

        #[test]
        fn tokenizing_never_panics(input in any::<String>()) {
            let mut args = PrefixArgs::new(input);
            let _ = args.take_flag("x");
            let _ = args.next_token();
            let _ = args.rest();
        }
    }
}
