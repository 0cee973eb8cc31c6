//! Shared by the gateway tests of this crate (identify queue, session store): child processes
//! of the test binary and the emulator they connect to.

#![allow(dead_code, reason = "each test binary uses its own part of the module")]

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use accord_emulator::Emulator;

/// Selects the role of a child process.
pub(crate) const CHILD: &str = "ACCORD_REDIS_GATEWAY_CHILD";

/// A guard against hangs, never a timing assertion.
pub(crate) const PATIENCE: Duration = Duration::from_secs(60);

/// A child process of this test binary, running `entry` with `CHILD=role`, its stdout read line
/// by line; killed with SIGKILL on drop, also when the test fails.
pub(crate) struct ChildProcess {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl ChildProcess {
    pub(crate) fn start(entry: &str, role: &str, env: &[(&str, String)]) -> Self {
        let exe = std::env::current_exe().expect("the test binary");
        let mut command = Command::new(exe);
        command
            .args(["--exact", entry, "--nocapture", "--test-threads", "1"])
            .env(CHILD, role)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("a child process starts");
        let stdout = child.stdout.take().expect("a piped stdout");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        Self { child, lines }
    }

    /// The next line the child printed, `None` once it has exited and everything was read.
    ///
    /// # Panics
    /// When nothing comes within [`PATIENCE`].
    pub(crate) fn line(&self) -> Option<String> {
        match self.lines.recv_timeout(PATIENCE) {
            Ok(line) => Some(line),
            Err(mpsc::RecvTimeoutError::Disconnected) => None,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("a child printed nothing for a minute"),
        }
    }

    /// Kills the child with SIGKILL and waits for it.
    pub(crate) fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the child to exit and says whether it succeeded.
    pub(crate) fn wait(&mut self) -> bool {
        self.child.wait().is_ok_and(|status| status.success())
    }
}

impl Drop for ChildProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// What every child needs to reach the emulator and Redis.
pub(crate) fn child_env(emulator: &Emulator, redis: &str) -> Vec<(&'static str, String)> {
    vec![
        ("ACCORD_REDIS_URL", redis.to_owned()),
        ("ACCORD_GATEWAY", emulator.gateway_url()),
        ("ACCORD_TOKEN", emulator.token().to_owned()),
        ("ACCORD_BOT", emulator.handle().bot_user_id().to_string()),
    ]
}

/// An environment variable of a child.
pub(crate) fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_default()
}

/// Runs `child` in a runtime of its own when this process is a child with `role`; `false`
/// otherwise.
pub(crate) fn run_child<F: Future<Output = ()>>(role: &str, child: impl FnOnce() -> F) -> bool {
    if std::env::var(CHILD).as_deref() != Ok(role) {
        return false;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(child());
    true
}
