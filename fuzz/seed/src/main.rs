//! Writes the seed corpus of every fuzz target: the docs' JSON examples where they are there,
//! the zlib-stream and zstd-stream encodings of the gateway payloads among them, and a few
//! inputs made here that need no reference data.
//!
//! `accord-fuzz-seed CORPUS_DIR [EXAMPLES_DIR]` writes `CORPUS_DIR/<target>/seed-*`.
#![allow(clippy::print_stdout, reason = "a command-line tool reports on the terminal")]

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flate2::{Compress, FlushCompress};
use serde_json::Value;
use zstd::stream::raw::{Encoder, InBuffer, Operation, OutBuffer};

/// Gateway payloads that need no reference data: one of each opcode the gateway sends, and a
/// dispatch whose `d` comes before `op` and `t`.
const PAYLOADS: &[&str] = &[
    r#"{"op":10,"d":{"heartbeat_interval":41250}}"#,
    r#"{"op":11,"d":null}"#,
    r#"{"op":1,"d":5}"#,
    r#"{"op":7,"d":null}"#,
    r#"{"op":9,"d":true}"#,
    r#"{"t":"MESSAGE_DELETE","s":7,"op":0,"d":{"id":"3","channel_id":"2","guild_id":"1"}}"#,
    r#"{"d":{"id":"3","channel_id":"2"},"s":8,"t":"MESSAGE_DELETE","op":0}"#,
    r#"{"t":"A_NEW_EVENT","s":9,"op":0,"d":{"anything":[1,2.5,"x",null]}}"#,
];

/// Rate limit responses, after PROTOCOL.md's section on HTTP rate limits.
const RATELIMITS: &[&str] = &[
    "200\nX-RateLimit-Limit: 5\nX-RateLimit-Remaining: 4\nX-RateLimit-Reset: 1470173023.123\n\
     X-RateLimit-Reset-After: 1.25\nX-RateLimit-Bucket: abcd1234\n\n",
    "200\nX-RateLimit-Limit: 5\nX-RateLimit-Remaining: 0\nX-RateLimit-Reset-After: 64.57\n\
     X-RateLimit-Bucket: abcd1234\n\n",
    "429\nX-RateLimit-Scope: user\nRetry-After: 65\nX-RateLimit-Limit: 5\n\
     X-RateLimit-Remaining: 0\nX-RateLimit-Reset-After: 64.57\n\n\
     {\"message\":\"You are being rate limited.\",\"retry_after\":64.57,\"global\":false}",
    "429\nX-RateLimit-Global: true\nX-RateLimit-Scope: global\nRetry-After: 1\n\n\
     {\"message\":\"You are being rate limited.\",\"retry_after\":0.5,\"global\":true}",
    "429\nX-RateLimit-Scope: shared\nRetry-After: 3\n\n\
     {\"message\":\"The resource is being rate limited.\",\"retry_after\":2.5,\"global\":false,\"code\":0}",
];

/// A REST error body of Discord's shape.
const API_ERROR: &str = r#"{"code":50035,"message":"Invalid Form Body","errors":{"embeds":{"0":{"description":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 4096 or fewer in length."}]}}}}}"#;

/// Client payloads that need no reference data; `{…}` placeholders are filled by the target.
const CLIENT_PAYLOADS: &[&str] = &[
    r#"{"op":1,"d":null}"#,
    r#"{"op":8,"d":{"guild_id":"{guild}","query":"","limit":0,"presences":true,"nonce":"n"}}"#,
    r#"{"op":8,"d":{"guild_id":"{guild}","user_ids":["{user}","1"],"limit":0}}"#,
    r#"{"op":3,"d":{"since":null,"activities":[{"name":"a game","type":0}],"status":"dnd","afk":false}}"#,
    r#"{"op":4,"d":{"guild_id":"{guild}","channel_id":null,"self_mute":false,"self_deaf":false}}"#,
    r#"{"op":43,"d":{"guild_id":"{guild}","fields":["status","voice_start_time"]}}"#,
    r#"{"op":31,"d":{"guild_ids":["{guild}"]}}"#,
];

/// The IDENTIFY that authenticates with the fuzz emulator (its token is the docs' example's).
const IDENTIFY: &str = r#"{"op":2,"d":{"token":"my_token","intents":53608447,"properties":{"os":"linux","browser":"accord","device":"accord"},"shard":[0,1]}}"#;

/// Requests the REST target sends as they are; `{…}` placeholders are filled by the target.
const REQUESTS: &[(&str, &str, &str)] = &[
    ("GET", "/users/@me", ""),
    ("GET", "/guilds/{guild}?with_counts=true", ""),
    ("GET", "/guilds/{guild}/members?limit=5&after=0", ""),
    ("GET", "/channels/{channel}/messages?limit=50&before={message}", ""),
    ("POST", "/channels/{channel}/messages", r#"{"content":"hello","tts":false}"#),
    ("PATCH", "/channels/{channel}/messages/{message}", r#"{"content":"edited"}"#),
    ("PUT", "/channels/{channel}/messages/{message}/reactions/%F0%9F%91%8D/@me", ""),
    ("DELETE", "/channels/{channel}/messages/{message}", ""),
    ("POST", "/guilds/{guild}/roles", r#"{"name":"new role","permissions":"8"}"#),
    ("PUT", "/applications/{application}/commands", r#"[{"name":"ping","description":"pong"}]"#),
];

/// Where the examples of a docs page go in a REST request: `(file name prefix, method, path)`.
/// Examples of other pages are sent as a message body.
const EXAMPLE_ROUTES: &[(&str, &str, &str)] = &[
    ("resources_channel", "PATCH", "/channels/{channel}"),
    ("resources_guild", "PATCH", "/guilds/{guild}"),
    ("resources_webhook", "POST", "/channels/{channel}/webhooks"),
    ("resources_emoji", "POST", "/guilds/{guild}/emojis"),
    ("resources_auto-moderation", "POST", "/guilds/{guild}/auto-moderation/rules"),
    ("interactions_application-commands", "POST", "/applications/{application}/commands"),
    ("resources_user", "PATCH", "/users/@me"),
];

/// The dispatch that carries a docs page's objects, to wrap them in a payload:
/// `(file name prefix, event name)`.
const EXAMPLE_EVENTS: &[(&str, &str)] = &[
    ("resources_message", "MESSAGE_CREATE"),
    ("resources_channel", "CHANNEL_CREATE"),
    ("resources_guild", "GUILD_UPDATE"),
    ("resources_user", "USER_UPDATE"),
    ("resources_emoji", "GUILD_EMOJIS_UPDATE"),
    ("resources_auto-moderation", "AUTO_MODERATION_RULE_CREATE"),
    ("resources_entitlement", "ENTITLEMENT_CREATE"),
    ("resources_invite", "INVITE_CREATE"),
    ("resources_stage-instance", "STAGE_INSTANCE_CREATE"),
    ("resources_soundboard", "GUILD_SOUNDBOARD_SOUND_CREATE"),
    ("resources_subscription", "SUBSCRIPTION_CREATE"),
    ("resources_voice", "VOICE_STATE_UPDATE"),
    ("interactions", "INTERACTION_CREATE"),
    ("components", "INTERACTION_CREATE"),
    ("events_gateway-events__activity", "PRESENCE_UPDATE"),
];

/// One docs example: its file name without `.json`, its text and its JSON.
struct Example {
    name: String,
    text: String,
    json: Value,
}

/// The seeds of every target, by target name.
#[derive(Default)]
struct Corpus {
    seeds: Vec<(&'static str, String, Vec<u8>)>,
}

impl Corpus {
    fn add(&mut self, target: &'static str, name: impl Into<String>, data: impl Into<Vec<u8>>) {
        self.seeds.push((target, name.into(), data.into()));
    }

    fn write(&self, root: &Path) -> io::Result<usize> {
        for (target, name, data) in &self.seeds {
            let dir = root.join(target);
            fs::create_dir_all(&dir)?;
            fs::write(dir.join(format!("seed-{name}")), data)?;
        }
        Ok(self.seeds.len())
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(corpus_dir) = args.next().map(PathBuf::from) else {
        println!("usage: accord-fuzz-seed CORPUS_DIR [EXAMPLES_DIR]");
        return ExitCode::from(2);
    };
    let examples = match args.next().map(PathBuf::from).as_deref().map(read_examples) {
        Some(Ok(examples)) => examples,
        Some(Err(error)) => {
            println!("accord-fuzz-seed: cannot read the examples: {error}");
            return ExitCode::FAILURE;
        }
        None => Vec::new(),
    };
    let corpus = match corpus(&examples) {
        Ok(corpus) => corpus,
        Err(error) => {
            println!("accord-fuzz-seed: cannot compress a seed: {error}");
            return ExitCode::FAILURE;
        }
    };
    match corpus.write(&corpus_dir) {
        Ok(count) => {
            println!(
                "accord-fuzz-seed: {count} seeds ({} docs examples) in {}",
                examples.len(),
                corpus_dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            println!("accord-fuzz-seed: cannot write {}: {error}", corpus_dir.display());
            ExitCode::FAILURE
        }
    }
}

/// The `*.json` files of `dir`, in name order (so the seeds are the same on every run).
fn read_examples(dir: &Path) -> io::Result<Vec<Example>> {
    let mut examples = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else { continue };
        let Some(name) = name.strip_suffix(".json") else { continue };
        let text = fs::read_to_string(&path)?;
        let json = serde_json::from_str(&text)
            .map_err(|error| io::Error::other(format!("{}: {error}", path.display())))?;
        examples.push(Example { name: name.to_owned(), text, json });
    }
    examples.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(examples)
}

fn corpus(examples: &[Example]) -> io::Result<Corpus> {
    let mut corpus = Corpus::default();

    // Gateway payloads: the ones made here, every example as written, and the objects of a
    // page wrapped in the dispatch that carries them.
    let mut payloads: Vec<(String, String)> = PAYLOADS
        .iter()
        .enumerate()
        .map(|(index, payload)| (format!("payload-{index}"), (*payload).to_owned()))
        .collect();
    for example in examples {
        payloads.push((example.name.clone(), example.text.clone()));
        if let Some((_, event)) =
            EXAMPLE_EVENTS.iter().find(|(prefix, _)| example.name.starts_with(prefix))
        {
            let dispatch = serde_json::json!({ "t": event, "s": 1, "op": 0, "d": example.json });
            payloads.push((format!("{}-dispatch", example.name), dispatch.to_string()));
        }
    }
    for (name, payload) in &payloads {
        corpus.add("gateway_serde_json", name.clone(), payload.as_bytes());
        corpus.add("gateway_simd_json", name.clone(), payload.as_bytes());
    }

    // The same payloads compressed: each alone on a connection, and all of them in one stream.
    let texts: Vec<&str> = payloads.iter().map(|(_, payload)| payload.as_str()).collect();
    for (name, payload) in &payloads {
        corpus.add("gateway_zlib_stream", name.clone(), zlib_stream(&[payload])?);
        corpus.add("gateway_zstd_stream", name.clone(), zstd_stream(&[payload])?);
    }
    corpus.add("gateway_zlib_stream", "all", zlib_stream(&texts)?);
    corpus.add("gateway_zstd_stream", "all", zstd_stream(&texts)?);

    // REST bodies: every example is a response body and an error body to read.
    corpus.add("http_api_error", "made", API_ERROR);
    corpus.add("http_response_body", "api-error", API_ERROR);
    for (index, payload) in PAYLOADS.iter().enumerate() {
        corpus.add("http_response_body", format!("payload-{index}"), *payload);
    }
    for example in examples {
        corpus.add("http_api_error", example.name.clone(), example.text.as_bytes());
        corpus.add("http_response_body", example.name.clone(), example.text.as_bytes());
    }
    for (index, response) in RATELIMITS.iter().enumerate() {
        corpus.add("http_ratelimit", format!("made-{index}"), *response);
    }
    for example in examples.iter().filter(|example| example.name.contains("error")) {
        let response = format!("429\nRetry-After: 2\n\n{}", example.text);
        corpus.add("http_ratelimit", example.name.clone(), response);
    }

    // The emulator's REST API: the requests made here, then every example as the body of
    // the request its page is about, as JSON and as multipart.
    for (index, (method, path, body)) in REQUESTS.iter().enumerate() {
        corpus.add("emulator_rest", format!("made-{index}"), request(method, path, body));
    }
    corpus.add(
        "emulator_rest",
        "multipart",
        multipart(
            "/channels/{channel}/messages",
            r#"{"content":"a file","attachments":[{"id":0}]}"#,
        ),
    );
    for example in examples {
        let (method, path) = EXAMPLE_ROUTES
            .iter()
            .find(|(prefix, _, _)| example.name.starts_with(prefix))
            .map_or(("POST", "/channels/{channel}/messages"), |(_, method, path)| (method, path));
        let body = example.json.to_string();
        corpus.add("emulator_rest", example.name.clone(), request(method, path, &body));
        if path.ends_with("/messages") {
            corpus.add(
                "emulator_rest",
                format!("{}-multipart", example.name),
                multipart(path, &body),
            );
        }
    }

    // The emulator's gateway: commands after an IDENTIFY, each compression, a RESUME, and every
    // example payload (compact, one per line) after an IDENTIFY.
    corpus.add("emulator_gateway", "identify", IDENTIFY);
    for compress in ["zlib-stream", "zstd-stream"] {
        let input =
            format!("?v=10&encoding=json&compress={compress}\n{IDENTIFY}\n{{\"op\":1,\"d\":1}}");
        corpus.add("emulator_gateway", format!("identify-{compress}"), input);
    }
    for (index, payload) in CLIENT_PAYLOADS.iter().enumerate() {
        corpus.add("emulator_gateway", format!("made-{index}"), format!("{IDENTIFY}\n{payload}"));
    }
    corpus.add(
        "emulator_gateway",
        "resume",
        r#"{"op":6,"d":{"token":"my_token","session_id":"0123456789abcdef","seq":3}}"#,
    );
    for example in examples.iter().filter(|example| example.name.starts_with("events_gateway")) {
        let payload = example.json.to_string();
        corpus.add("emulator_gateway", example.name.clone(), format!("{IDENTIFY}\n{payload}"));
    }
    // Interaction requests: a PING signed by the target's key, one with a signature of
    // zeros, and every example as a signed body.
    let ping = r#"{"id":"1","application_id":"2","type":1,"token":"t","version":1}"#;
    corpus.add("interaction_signature", "ping", format!("sign\n1700000000\n{ping}"));
    corpus.add(
        "interaction_signature",
        "zeros",
        format!("{}\n1700000000\n{ping}", "0".repeat(128)),
    );
    for example in examples {
        let request = format!("sign\n1700000000\n{}", example.text);
        corpus.add("interaction_signature", example.name.clone(), request);
    }
    Ok(corpus)
}

/// Frames for the compressed targets: each a two-byte little-endian length and its bytes.
fn framed(frames: &[Vec<u8>]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    for frame in frames {
        let len = u16::try_from(frame.len())
            .map_err(|_| io::Error::other("a compressed seed frame is over 64 KiB"))?;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(frame);
    }
    Ok(out)
}

/// The messages as Discord sends them with zlib-stream: one deflate stream, every message
/// ended by a sync flush.
fn zlib_stream(messages: &[&str]) -> io::Result<Vec<u8>> {
    let mut zlib = Compress::new(flate2::Compression::default(), true);
    let mut frames = Vec::new();
    for message in messages {
        let mut frame = Vec::with_capacity(message.len() + 64);
        let mut input = message.as_bytes();
        loop {
            let before = zlib.total_in();
            zlib.compress_vec(input, &mut frame, FlushCompress::Sync).map_err(io::Error::other)?;
            let consumed = usize::try_from(zlib.total_in() - before).map_err(io::Error::other)?;
            input = input.get(consumed..).unwrap_or_default();
            if input.is_empty() && frame.len() < frame.capacity() {
                break;
            }
            frame.reserve(frame.capacity());
        }
        frames.push(frame);
    }
    framed(&frames)
}

/// The messages as Discord sends them with zstd-stream: one zstd frame that never ends, every
/// message flushed.
fn zstd_stream(messages: &[&str]) -> io::Result<Vec<u8>> {
    let mut zstd = Encoder::new(3)?;
    let mut frames = Vec::new();
    for message in messages {
        let mut frame = vec![0; zstd::zstd_safe::compress_bound(message.len()) + 64];
        let mut written = 0;
        let mut input = InBuffer::around(message.as_bytes());
        while input.pos() < message.len() {
            let mut output = OutBuffer::around(frame.get_mut(written..).unwrap_or_default());
            zstd.run(&mut input, &mut output)?;
            written += output.pos();
        }
        loop {
            let mut output = OutBuffer::around(frame.get_mut(written..).unwrap_or_default());
            let left = zstd.flush(&mut output)?;
            written += output.pos();
            if left == 0 {
                break;
            }
        }
        frame.truncate(written);
        frames.push(frame);
    }
    framed(&frames)
}

/// An HTTP/1.1 request to the emulator's REST API, authorized with its token.
fn request(method: &str, path: &str, body: &str) -> String {
    let mut request = format!(
        "{method} /api/v10{path} HTTP/1.1\r\nHost: discord.com\r\nAuthorization: Bot my_token\r\n\
         X-Audit-Log-Reason: fuzz\r\n"
    );
    if !body.is_empty() {
        let length = body.len();
        request.push_str("Content-Type: application/json\r\nContent-Length: ");
        request.push_str(&length.to_string());
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    request.push_str(body);
    request
}

/// A multipart request: `payload_json` and one small file.
fn multipart(path: &str, payload: &str) -> String {
    let body = format!(
        "--boundary\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\
         Content-Type: application/json\r\n\r\n{payload}\r\n\
         --boundary\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nhello\r\n--boundary--\r\n"
    );
    format!(
        "POST /api/v10{path} HTTP/1.1\r\nHost: discord.com\r\nAuthorization: Bot my_token\r\n\
         Content-Type: multipart/form-data; boundary=boundary\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}
