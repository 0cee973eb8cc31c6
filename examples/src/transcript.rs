//! A readable record of a run: who said what, what the bot answered and how long it took.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// One line of a transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// When, since the transcript started.
    pub at: Duration,
    /// Who: a user's name, `bot`, or `·` for the narrator.
    pub who: String,
    /// What they said or did.
    pub text: String,
    /// How long the bot took to answer, for the bot's lines.
    pub took: Option<Duration>,
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>8.3}s  {:<WHO$} ", self.at.as_secs_f64(), self.who)?;
        // Further lines of a long text start under its first.
        let mut lines = self.text.lines();
        f.write_str(lines.next().unwrap_or_default())?;
        for line in lines {
            write!(f, "\n{:INDENT$}{line}", "")?;
        }
        if let Some(took) = self.took {
            write!(f, "  ({:.1} ms)", took.as_secs_f64() * 1000.0)?;
        }
        Ok(())
    }
}

/// The width of the name column.
const WHO: usize = 14;
/// Where the text column starts: the time (`{:>8.3}s`), two spaces, the name, a space.
const INDENT: usize = 9 + 2 + WHO + 1;

/// A transcript, shared by the bot and the script of an example (clones write to the same
/// record). A printing transcript also writes each line to standard output as it comes.
#[derive(Clone, Debug)]
pub struct Transcript {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    start: Instant,
    print: bool,
    lines: Mutex<Vec<Line>>,
}

/// The name of the narrator, who tells what happens around the conversation.
const NARRATOR: &str = "·";

impl Transcript {
    /// A transcript that prints each line as it is written.
    pub fn printing() -> Self {
        Self::new(true)
    }

    /// A transcript that only keeps its lines (for tests).
    pub fn silent() -> Self {
        Self::new(false)
    }

    fn new(print: bool) -> Self {
        Self { inner: Arc::new(Inner { start: Instant::now(), print, lines: Mutex::default() }) }
    }

    /// Someone (a user, or the bot) said or did something.
    pub fn say(&self, who: impl Into<String>, text: impl Into<String>) {
        self.push(who.into(), text.into(), None);
    }

    /// The bot answered, `took` after what it answers.
    pub fn answer(&self, text: impl Into<String>, took: Duration) {
        self.push("bot".to_owned(), text.into(), Some(took));
    }

    /// The narrator tells what happens (a connection, a command that ran, statistics).
    pub fn note(&self, text: impl Into<String>) {
        self.push(NARRATOR.to_owned(), text.into(), None);
    }

    /// Every line so far.
    pub fn lines(&self) -> Vec<Line> {
        self.inner.lines.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Whether some line's text contains `text`.
    pub fn contains(&self, text: &str) -> bool {
        self.lines().iter().any(|line| line.text.contains(text))
    }

    fn push(&self, who: String, text: String, took: Option<Duration>) {
        let line = Line { at: self.inner.start.elapsed(), who, text, took };
        let mut lines = self.inner.lines.lock().unwrap_or_else(PoisonError::into_inner);
        if self.inner.print {
            println!("{line}");
        }
        lines.push(line);
    }
}

impl fmt::Display for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in self.lines() {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_order_and_format() {
        let transcript = Transcript::silent();
        transcript.note("connected");
        transcript.say("alice", "!ping");
        transcript.answer("Pong!", Duration::from_micros(2500));
        let lines = transcript.lines();
        assert_eq!(lines.iter().map(|l| l.who.as_str()).collect::<Vec<_>>(), ["·", "alice", "bot"]);
        assert!(lines.windows(2).all(|pair| pair[0].at <= pair[1].at));
        let text = transcript.to_string();
        assert!(
            text.lines().nth(2).is_some_and(|l| l.ends_with("bot            Pong!  (2.5 ms)")),
            "{text}"
        );
        assert!(transcript.contains("Pong") && !transcript.contains("Pang"));
    }
}
