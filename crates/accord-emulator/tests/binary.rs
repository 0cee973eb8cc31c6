//! The `accord-emulator` binary: it starts, prints where it listens, serves a gateway client
//! and the control API, and refuses bad flags and bad world files with exit code 2.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;

use std::process::{Command, Stdio};

use futures_util::{SinkExt, StreamExt};
use gateway_support::{GUILDS, http, identify};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

const BINARY: &str = env!("CARGO_BIN_EXE_accord-emulator");

#[tokio::test]
async fn the_binary_prints_its_urls_and_serves_them() {
    let mut child = tokio::process::Command::new(BINARY)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--guilds",
            "3",
            "--members-per-guild",
            "5",
            "--token",
            "bin.token",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = std::collections::HashMap::new();
    while printed.len() < 4 {
        let line = tokio::time::timeout(gateway_support::WAIT, lines.next_line())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Some((key, value)) = line.split_once(':')
            && ["REST", "Gateway", "Token", "Control"].contains(&key)
        {
            printed.insert(key.to_owned(), value.trim().to_owned());
        }
    }
    assert_eq!(printed["Token"], "bin.token");
    let gateway = &printed["Gateway"];
    assert!(
        gateway.starts_with("ws://127.0.0.1:") && gateway.ends_with("/?v=10&encoding=json"),
        "{gateway}"
    );
    let addr =
        printed["REST"].trim_start_matches("http://").trim_end_matches("/api/v10").to_owned();
    assert_eq!(printed["Control"], format!("http://{addr}/_emulator"));

    let (mut ws, _) = tokio_tungstenite::connect_async(gateway.as_str()).await.unwrap();
    let hello: Value =
        serde_json::from_str(ws.next().await.unwrap().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(hello["op"], 10);
    ws.send(identify("bin.token", GUILDS, None).to_string().into()).await.unwrap();
    let ready: Value =
        serde_json::from_str(ws.next().await.unwrap().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(ready["t"], "READY");
    assert_eq!(ready["d"]["guilds"].as_array().unwrap().len(), 3);

    let (status, info) = http(&addr, "GET", "/_emulator/", None).await;
    assert_eq!(status, 200);
    assert_eq!(info["token"], "bin.token");
    let (_, counters) = http(&addr, "GET", "/_emulator/counters", None).await;
    assert_eq!(counters["identifies"], 1);
    child.kill().await.unwrap();
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BINARY).args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn bad_flags_exit_with_2_and_say_why() {
    for (args, mention) in [
        (&["--guilds", "many"][..], "--guilds"),
        (&["--members-per-guild"][..], "needs a value"),
        (&["--frobnicate"][..], "--frobnicate"),
        (&["--addr", "nowhere"][..], "--addr"),
    ] {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains(mention) && stderr.contains("--help"), "{args:?}: {stderr}");
        assert!(stdout.is_empty());
    }
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("--members-per-guild") && stdout.contains("RUST_LOG"));
}

#[test]
fn a_bad_world_file_exits_with_2_and_names_the_problem() {
    let dir =
        std::env::temp_dir().join(format!("accord-emulator-binary-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad-world.json");
    std::fs::write(&bad, r#"{"guilds": [{"name": "G", "members": ["nobody"]}]}"#).unwrap();
    let (code, _, stderr) = run(&["--world", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid world file") && stderr.contains("nobody"), "{stderr}");
    let missing = dir.join("missing.json");
    let (code, _, stderr) = run(&["--world", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.json"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
