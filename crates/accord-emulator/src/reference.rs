//! Discord's reference data beside the repository, for tests that check against it.
//!
//! The official OpenAPI description, protocol tables and documentation examples live in
//! `../shared/discord-api` next to the workspace, never inside it. A test that needs them calls
//! [`discord_api`]: in CI (`CI=true`) their absence is a failure; elsewhere (a fresh clone) the
//! test skips with a printed note.

use std::path::PathBuf;

/// The folder `../shared/discord-api` beside the workspace, or a file or folder inside it.
///
/// Returns `None`, after printing a note, when it is missing and `CI` is not `true`.
///
/// # Panics
///
/// When it is missing and `CI=true`: CI always has the reference data, so its absence there
/// means the check would silently test nothing.
#[expect(clippy::print_stderr, reason = "a skipped test must say why on the test's own output")]
pub fn discord_api(relative: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/discord-api");
    let path = if relative.is_empty() { root } else { root.join(relative) };
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the reference data {} is missing",
        path.display()
    );
    eprintln!("note: {} not found (no ../shared beside the workspace); skipping", path.display());
    None
}
