//! Every JSON example from Discord's docs that the model covers parses into its type, and a
//! round trip through the type loses nothing.
//!
//! The examples live outside the repository, in `../shared/discord-api/examples/`. When they are
//! missing the test fails under `CI=true` and is skipped with a note elsewhere.
//!
//! The mapping from example file to type is split by family (`objects.rs`, `messages.rs`,
//! `gateway.rs`); `excluded.rs` lists the examples the model deliberately does not cover, with
//! the reason. Every example file must appear in exactly one of them, so a new example cannot be
//! silently ignored.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a test reports what it skipped")]

mod compare;
mod excluded;
mod gateway;
mod messages;
mod objects;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// One example and the check that its type passes.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The file name in the examples folder.
    pub(crate) file: &'static str,
    /// Parses and round-trips the file's text.
    pub(crate) check: fn(&str) -> Result<(), String>,
}

/// Maps example files to the type they must parse into.
#[macro_export]
macro_rules! examples {
    ($($file:literal => $(@ $check:ident)? $($ty:ty)?),* $(,)?) => {
        &[$($crate::Entry { file: $file, check: $($check)? $($crate::round_trip::<$ty>)? }),*]
    };
}

/// Parses `json` into `T`, serializes it back, and compares the two documents; then checks that
/// a second round trip is stable.
pub(crate) fn round_trip<T: DeserializeOwned + Serialize>(json: &str) -> Result<(), String> {
    let original: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let parsed: T = serde_json::from_str(json).map_err(|e| format!("does not parse: {e}"))?;
    let written = serde_json::to_value(&parsed).map_err(|e| format!("does not serialize: {e}"))?;
    compare::same(&original, &written, "$")?;
    let reparsed: T = serde_json::from_value(written.clone())
        .map_err(|e| format!("output does not parse: {e}"))?;
    let rewritten = serde_json::to_value(&reparsed).map_err(|e| e.to_string())?;
    if rewritten != written {
        return Err("a second round trip changed the output".into());
    }
    Ok(())
}

/// The examples folder; `None` (with a note) when it is missing outside CI.
///
/// # Panics
///
/// When it is missing and `CI=true`.
fn examples_dir() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/discord-api/examples");
    if dir.is_dir() {
        return Some(dir);
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "CI=true but {} is missing",
        dir.display()
    );
    eprintln!("note: {} not found; skipping the examples test", dir.display());
    None
}

#[test]
fn every_mapped_example_round_trips() {
    let Some(dir) = examples_dir() else { return };
    let entries: Vec<&Entry> =
        [objects::ENTRIES, messages::ENTRIES, gateway::ENTRIES].into_iter().flatten().collect();
    let mut failures = Vec::new();
    for entry in &entries {
        let path = dir.join(entry.file);
        let result = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|json| (entry.check)(&json));
        if let Err(message) = result {
            failures.push(format!("{}: {message}", entry.file));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
    println!("{} examples round-trip", entries.len());
}

#[test]
fn every_example_is_mapped_or_excluded_once() {
    let Some(dir) = examples_dir() else { return };
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| {
            std::path::Path::new(name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
        })
        .collect();
    let mut seen = BTreeSet::new();
    let mapped = [objects::ENTRIES, messages::ENTRIES, gateway::ENTRIES]
        .into_iter()
        .flatten()
        .map(|e| e.file);
    for file in mapped.chain(excluded::EXCLUDED.iter().map(|(file, _)| *file)) {
        assert!(seen.insert(file.to_owned()), "{file} is listed twice");
        assert!(on_disk.contains(file), "{file} is listed but no such example exists");
    }
    let missing: Vec<_> = on_disk.difference(&seen).collect();
    assert!(missing.is_empty(), "examples neither mapped nor excluded: {missing:#?}");
}
