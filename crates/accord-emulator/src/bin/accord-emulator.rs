//! `accord-emulator`: a local Discord on one port, for bots and tools to talk to.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use accord_emulator::{Emulator, StartError, TlsIdentity};
use tracing_subscriber::EnvFilter;

const USAGE: &str = "\
accord-emulator: a local Discord (gateway, REST and a control API on one port)

USAGE:
    accord-emulator [OPTIONS]

OPTIONS:
    --addr ADDR                Where to listen [default: 127.0.0.1:0, a free port]
    --token TOKEN              The bot token to accept [default: emulator.bot.token]
    --guilds N                 How many guilds to generate [default: 2]
    --members-per-guild M      Members per generated guild besides the bot [default: 20]
    --seed S                   The world generator's seed [default: 1]
    --world FILE               Load a JSON world file instead of generating one
    --tls-cert PEM             Serve TLS (https://, wss://) with this certificate chain
    --tls-key PEM              ... and this private key; both or neither
    --no-rate-limits           Turn every REST rate limit off (for benchmarks)
    --latency MS               Delay every REST response by MS milliseconds [default: 0]
    --latency-jitter MS        Spread each delay by up to MS either way [default: 0]
    --interactions-url URL     POST interactions there, signed, instead of over the gateway
                               (verified at start: it must answer a PING and refuse a bad
                               signature with 401)
    -h, --help                 Print this help

On start it prints the REST base URL, the gateway URL, the token and the control API base.
Logs go to stderr; RUST_LOG filters them (default: info).";

/// The command line, parsed.
#[derive(Debug, Default)]
struct Args {
    addr: Option<SocketAddr>,
    token: Option<String>,
    guilds: Option<u32>,
    members_per_guild: Option<u32>,
    seed: Option<u64>,
    world: Option<PathBuf>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    no_rate_limits: bool,
    latency_ms: Option<u64>,
    latency_jitter_ms: Option<u64>,
    interactions_url: Option<String>,
    help: bool,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            parsed.help = true;
            continue;
        }
        if flag == "--no-rate-limits" {
            if inline.is_some() {
                return Err("--no-rate-limits takes no value".to_owned());
            }
            parsed.no_rate_limits = true;
            continue;
        }
        if !flag.starts_with('-') {
            return Err(format!("unexpected argument {arg:?}"));
        }
        let mut value = || {
            inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--addr" => {
                let text = value()?;
                parsed.addr = Some(text.parse().map_err(|_| {
                    format!("--addr: {text:?} is not an address like 127.0.0.1:8080")
                })?);
            }
            "--token" => {
                let token = value()?;
                if token.is_empty() {
                    return Err("--token: the token cannot be empty".to_owned());
                }
                parsed.token = Some(token);
            }
            "--guilds" => parsed.guilds = Some(number(&flag, &value()?)?),
            "--members-per-guild" => parsed.members_per_guild = Some(number(&flag, &value()?)?),
            "--seed" => parsed.seed = Some(number(&flag, &value()?)?),
            "--world" => parsed.world = Some(PathBuf::from(value()?)),
            "--interactions-url" => parsed.interactions_url = Some(value()?),
            "--tls-cert" => parsed.tls_cert = Some(PathBuf::from(value()?)),
            "--tls-key" => parsed.tls_key = Some(PathBuf::from(value()?)),
            "--latency" => parsed.latency_ms = Some(number(&flag, &value()?)?),
            "--latency-jitter" => parsed.latency_jitter_ms = Some(number(&flag, &value()?)?),
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    if parsed.world.is_some() && (parsed.guilds.is_some() || parsed.members_per_guild.is_some()) {
        return Err("--world cannot be combined with --guilds or --members-per-guild".to_owned());
    }
    match (&parsed.tls_cert, &parsed.tls_key) {
        (Some(_), None) => return Err("--tls-cert needs --tls-key".to_owned()),
        (None, Some(_)) => return Err("--tls-key needs --tls-cert".to_owned()),
        _ => {}
    }
    if parsed.latency_jitter_ms.is_some() && parsed.latency_ms.is_none() {
        return Err("--latency-jitter needs --latency".to_owned());
    }
    Ok(parsed)
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.parse().map_err(|_| format!("{flag}: {text:?} is not a valid number"))
}

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "accord-emulator: {message}\n\nRun `accord-emulator --help` for usage."
    );
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => return fail(&message),
    };
    if args.help {
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();

    let mut builder = Emulator::builder();
    if let Some(addr) = args.addr {
        builder = builder.addr(addr);
    }
    if let Some(token) = args.token {
        builder = builder.token(token);
    }
    if let Some(guilds) = args.guilds {
        builder = builder.guilds(guilds);
    }
    if let Some(members) = args.members_per_guild {
        builder = builder.members_per_guild(members);
    }
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    if let Some(world) = args.world {
        builder = builder.world_file(world);
    }
    if args.no_rate_limits {
        builder = builder.no_rate_limits();
    }
    if let Some(latency) = args.latency_ms {
        builder = builder.rest_latency(Duration::from_millis(latency));
    }
    if let Some(jitter) = args.latency_jitter_ms {
        builder = builder.rest_latency_jitter(Duration::from_millis(jitter));
    }
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        match TlsIdentity::from_pem_files(cert, key) {
            Ok(identity) => builder = builder.tls(identity),
            Err(error) => return fail(&error.to_string()),
        }
    }
    if let Some(url) = args.interactions_url {
        builder = builder.interactions_endpoint(url);
    }
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(
            error @ (StartError::World(_)
            | StartError::Tls(_)
            | StartError::InteractionsEndpoint(_)),
        ) => return fail(&error.to_string()),
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "accord-emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    let addr = emulator.addr();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "accord-emulator listening on {addr}");
    let _ = writeln!(out, "REST:     {}", emulator.http_url());
    let _ = writeln!(out, "Gateway:  {}/?v=10&encoding=json", emulator.gateway_url());
    let _ = writeln!(out, "Token:    {}", emulator.token());
    let _ = writeln!(out, "Control:  {}", emulator.control_url());
    let _ = writeln!(out, "Verify key: {}", emulator.verify_key());
    if let Some(url) = emulator.handle().interactions_endpoint() {
        let _ = writeln!(out, "Interactions endpoint: {url}");
    }
    let _ = out.flush();
    drop(out);
    if let Err(error) = tokio::signal::ctrl_c().await {
        let _ = writeln!(std::io::stderr(), "accord-emulator: cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    tracing::info!("stopping");
    emulator.shutdown();
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::parse_args;

    fn args(list: &[&str]) -> Result<super::Args, String> {
        parse_args(list.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn flags_with_spaces_or_equals_and_clear_errors() {
        let parsed =
            args(&["--guilds", "3", "--seed=9", "--addr", "127.0.0.1:0", "--token=t"]).unwrap();
        assert_eq!(
            (parsed.guilds, parsed.seed, parsed.token.as_deref()),
            (Some(3), Some(9), Some("t"))
        );
        assert!(args(&["--help"]).unwrap().help);
        assert!(args(&["--guilds", "many"]).unwrap_err().contains("--guilds"));
        assert!(args(&["--guilds"]).unwrap_err().contains("needs a value"));
        assert!(args(&["--bogus"]).unwrap_err().contains("--bogus"));
        assert!(args(&["stray"]).unwrap_err().contains("stray"));
        assert!(args(&["--world", "w.json", "--guilds", "2"]).unwrap_err().contains("--world"));
        assert!(args(&["--addr", "localhost"]).unwrap_err().contains("--addr"));
    }

    #[test]
    fn an_interactions_url_is_taken_as_given() {
        let parsed = args(&["--interactions-url", "http://127.0.0.1:9/interactions"]).unwrap();
        assert_eq!(parsed.interactions_url.as_deref(), Some("http://127.0.0.1:9/interactions"));
        let inline = args(&["--interactions-url=http://localhost/i"]).unwrap();
        assert_eq!(inline.interactions_url.as_deref(), Some("http://localhost/i"));
        assert!(args(&["--interactions-url"]).unwrap_err().contains("needs a value"));
    }

    #[test]
    fn tls_takes_a_certificate_and_a_key() {
        let parsed = args(&["--tls-cert", "cert.pem", "--tls-key=key.pem"]).unwrap();
        assert_eq!(parsed.tls_cert.unwrap().to_str(), Some("cert.pem"));
        assert_eq!(parsed.tls_key.unwrap().to_str(), Some("key.pem"));
        assert!(args(&["--tls-cert", "cert.pem"]).unwrap_err().contains("needs --tls-key"));
        assert!(args(&["--tls-key", "key.pem"]).unwrap_err().contains("needs --tls-cert"));
        assert!(args(&["--tls-cert"]).unwrap_err().contains("needs a value"));
    }

    #[test]
    fn rate_limits_and_latency() {
        let parsed = args(&["--no-rate-limits", "--latency", "50", "--latency-jitter=5"]).unwrap();
        assert!(parsed.no_rate_limits);
        assert_eq!((parsed.latency_ms, parsed.latency_jitter_ms), (Some(50), Some(5)));
        let defaults = args(&[]).unwrap();
        assert!(!defaults.no_rate_limits && defaults.latency_ms.is_none());
        assert!(args(&["--latency", "-3"]).unwrap_err().contains("--latency"));
        assert!(args(&["--latency-jitter", "5"]).unwrap_err().contains("needs --latency"));
        assert!(args(&["--no-rate-limits=yes"]).unwrap_err().contains("takes no value"));
    }
}
