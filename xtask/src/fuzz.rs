//! `cargo xtask fuzz [TARGET…] [--seconds N]`: seeds the corpus, builds the fuzz targets of
//! `fuzz/` and runs each for a while, two at a time, reporting every target that failed and
//! the input that made it fail.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The cargo-fuzz release installed when the tool is missing.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// How long each target runs unless `--seconds` says otherwise (the CI's figure).
const DEFAULT_SECONDS: u64 = 30;

/// libFuzzer's limit on one input, in seconds: longer is a hang.
const INPUT_TIMEOUT: u64 = 25;

/// `cargo xtask fuzz …`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut seconds = DEFAULT_SECONDS;
    let mut names = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--seconds" {
            seconds = args
                .next()
                .and_then(|value| value.parse().ok())
                .filter(|&seconds| seconds > 0)
                .ok_or("`--seconds` takes a positive number of seconds")?;
        } else if arg.starts_with('-') {
            return Err(format!(
                "unknown option `{arg}`; usage: cargo xtask fuzz [TARGET…] [--seconds N]"
            ));
        } else {
            names.push(arg.clone());
        }
    }
    fuzz(&names, seconds)
}

/// The `fuzz` step of `ci`: every target for the default time.
pub(crate) fn ci() -> Result<(), String> {
    fuzz(&[], DEFAULT_SECONDS)
}

fn fuzz(names: &[String], seconds: u64) -> Result<(), String> {
    crate::tools::ensure_cargo_subcommand("fuzz", "cargo-fuzz", CARGO_FUZZ_VERSION)?;
    let root = crate::workspace_root();
    let fuzz_dir = root.join("fuzz");
    seed(&root, &fuzz_dir)?;

    println!("fuzz: building the targets (RUSTC_BOOTSTRAP=1: cargo-fuzz needs nightly flags)");
    let started = Instant::now();
    let built = cargo_fuzz(&root, "build").status().is_ok_and(|status| status.success());
    if !built {
        return Err("fuzz: the targets do not build".to_owned());
    }
    println!("fuzz: built in {} s", started.elapsed().as_secs());

    let all = targets(&root)?;
    let triple = host_triple()?;
    let chosen: Vec<String> = if names.is_empty() {
        all
    } else {
        for name in names {
            if !all.contains(name) {
                return Err(format!("fuzz: no target `{name}`; the targets: {}", all.join(", ")));
            }
        }
        names.to_vec()
    };
    let logs = fuzz_dir.join("target").join("logs");
    fs::create_dir_all(&logs)
        .map_err(|error| format!("fuzz: cannot create {}: {error}", logs.display()))?;
    let jobs = thread::available_parallelism().map_or(1, usize::from);
    println!("fuzz: running {} targets for {seconds} s each, {jobs} at a time", chosen.len());

    let mut queue = chosen.iter();
    let mut running: Vec<Running> = Vec::new();
    let mut failed = Vec::new();
    loop {
        while running.len() < jobs {
            let Some(target) = queue.next() else { break };
            running.push(start(&root, &triple, &logs, target, seconds)?);
        }
        if running.is_empty() {
            break;
        }
        thread::sleep(Duration::from_millis(200));
        let mut index = 0;
        while let Some(job) = running.get_mut(index) {
            match job.child.try_wait() {
                Ok(Some(status)) => {
                    let job = running.swap_remove(index);
                    let log = fs::read_to_string(&job.log).unwrap_or_default();
                    let report = Report::parse(&log);
                    if status.success() {
                        println!("fuzz: {} passed: {}", job.target, report.summary());
                    } else {
                        println!("fuzz: {} FAILED: {}", job.target, report.summary());
                        println!("{}", report.tail);
                        failed.push(match &report.crash {
                            Some(crash) => format!("{} (input: {crash})", job.target),
                            None => format!("{} (log: {})", job.target, job.log.display()),
                        });
                    }
                }
                Ok(None) => index += 1,
                Err(error) => return Err(format!("fuzz: cannot wait for {}: {error}", job.target)),
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fuzz: failing targets:\n  {}\nreplay one with `RUSTC_BOOTSTRAP=1 cargo fuzz run --debug-assertions TARGET INPUT`",
            failed.join("\n  ")
        ))
    }
}

/// `cargo fuzz SUBCOMMAND` from the workspace root, allowed the nightly flags it needs on
/// stable. Builds keep debug assertions and overflow checks on, as the tests have them.
fn cargo_fuzz(root: &Path, subcommand: &str) -> Command {
    let mut command = Command::new(crate::cargo());
    command.args(["fuzz", subcommand]).current_dir(root).env("RUSTC_BOOTSTRAP", "1");
    if subcommand != "list" {
        command.arg("--debug-assertions");
    }
    command
}

/// Writes the seed corpus: the docs' examples from `../shared/discord-api/examples` and their
/// compressed encodings, or, without them, only the seeds made without reference data.
fn seed(root: &Path, fuzz_dir: &Path) -> Result<(), String> {
    let examples = root.join("../shared/discord-api/examples");
    let mut command = Command::new(crate::cargo());
    command
        .args(["run", "--quiet", "--manifest-path"])
        .arg(fuzz_dir.join("Cargo.toml"))
        .args(["--package", "accord-fuzz-seed", "--"])
        .arg(fuzz_dir.join("corpus"))
        .current_dir(root);
    if examples.is_dir() {
        command.arg(&examples);
    } else if std::env::var("CI").is_ok_and(|value| value == "true") {
        return Err(format!(
            "fuzz: the docs' examples are missing at {} (CI=true needs them to seed the corpus)",
            examples.display()
        ));
    } else {
        println!(
            "fuzz: note: no {}; seeding only with the inputs made without reference data",
            examples.display()
        );
    }
    if command.status().is_ok_and(|status| status.success()) {
        Ok(())
    } else {
        Err("fuzz: seeding the corpus failed".to_owned())
    }
}

/// The targets `cargo fuzz list` names.
fn targets(root: &Path) -> Result<Vec<String>, String> {
    let output = cargo_fuzz(root, "list")
        .output()
        .map_err(|error| format!("fuzz: cannot run cargo fuzz list: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "fuzz: cargo fuzz list failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}

/// The host's target triple, under which cargo-fuzz puts its builds.
fn host_triple() -> Result<String, String> {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .map_err(|error| format!("fuzz: cannot run rustc -vV: {error}"))?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "fuzz: rustc -vV names no host".to_owned())
}

/// A target being fuzzed.
struct Running {
    target: String,
    child: Child,
    log: PathBuf,
}

fn start(
    root: &Path,
    triple: &str,
    logs: &Path,
    target: &str,
    seconds: u64,
) -> Result<Running, String> {
    let log = logs.join(format!("{target}.log"));
    let file = File::create(&log)
        .map_err(|error| format!("fuzz: cannot create {}: {error}", log.display()))?;
    let errors =
        file.try_clone().map_err(|error| format!("fuzz: cannot share the log: {error}"))?;
    let fuzz_dir = root.join("fuzz");
    let artifacts = fuzz_dir.join("artifacts").join(target);
    let corpus = fuzz_dir.join("corpus").join(target);
    for dir in [&artifacts, &corpus] {
        fs::create_dir_all(dir)
            .map_err(|error| format!("fuzz: cannot create {}: {error}", dir.display()))?;
    }
    // The binary that `cargo fuzz build` made, run directly: `cargo fuzz run` would rebuild
    // first whenever a source changed since the build.
    let binary = fuzz_dir.join("target").join(triple).join("release").join(target);
    let child = Command::new(&binary)
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={INPUT_TIMEOUT}"))
        .args(["-print_final_stats=1", "-rss_limit_mb=2048"])
        .arg(&corpus)
        // As `cargo fuzz run` sets it: Rust's duplicated symbols are not ODR violations.
        .env("ASAN_OPTIONS", "detect_odr_violation=0")
        .current_dir(root)
        .stdout(Stdio::from(file))
        .stderr(Stdio::from(errors))
        .spawn()
        .map_err(|error| format!("fuzz: cannot start {target}: {error}"))?;
    println!("fuzz: {target} started (log: {})", log.display());
    Ok(Running { target: target.to_owned(), child, log })
}

/// What libFuzzer's log says about a run.
struct Report {
    runs: Option<u64>,
    seconds: Option<u64>,
    per_second: Option<u64>,
    crash: Option<String>,
    /// The end of the log, shown for a failure.
    tail: String,
}

impl Report {
    fn parse(text: &str) -> Self {
        let stat = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|value| value.trim_start_matches(':').trim().parse().ok())
        };
        let crash = text.lines().find_map(|line| {
            line.split_once("Test unit written to ").map(|(_, path)| path.trim().to_owned())
        });
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines.get(lines.len().saturating_sub(40)..).unwrap_or_default().join("\n");
        Self {
            runs: stat("stat::number_of_executed_units"),
            seconds: text.lines().find_map(|line| {
                let rest = line.strip_prefix("Done ")?;
                rest.split_once(" runs in ")?.1.split(' ').next()?.parse().ok()
            }),
            per_second: stat("stat::average_exec_per_sec"),
            crash,
            tail,
        }
    }

    fn summary(&self) -> String {
        let known = |value: Option<u64>| value.map_or("?".to_owned(), |value| value.to_string());
        let crash = self.crash.as_ref().map(|crash| format!(", crash: {crash}"));
        format!(
            "{} runs in {} s, {} exec/s{}",
            known(self.runs),
            known(self.seconds),
            known(self.per_second),
            crash.unwrap_or_default()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{Report, run};

    /// The end of a libFuzzer log: a crash, then the final statistics.
    const CRASHED: &str = "\
#2	INITED cov: 4033 ft: 7178 corp: 146/54Kb exec/s: 0 rss: 58Mb
thread '<unnamed>' panicked at fuzz_targets/http_api_error.rs:9:9:
==1234== ERROR: libFuzzer: deadly signal
artifact_prefix='fuzz/artifacts/http_api_error/'; Test unit written to fuzz/artifacts/http_api_error/crash-da39a3ee
stat::number_of_executed_units: 5120
stat::average_exec_per_sec:     2560
";

    #[test]
    fn a_crash_report_names_its_input_and_the_statistics() {
        let report = Report::parse(CRASHED);
        assert_eq!(report.crash.as_deref(), Some("fuzz/artifacts/http_api_error/crash-da39a3ee"));
        assert_eq!(
            (report.runs, report.per_second, report.seconds),
            (Some(5120), Some(2560), None)
        );
        assert_eq!(
            report.summary(),
            "5120 runs in ? s, 2560 exec/s, crash: fuzz/artifacts/http_api_error/crash-da39a3ee"
        );
        assert!(report.tail.ends_with("stat::average_exec_per_sec:     2560"));
    }

    #[test]
    fn a_finished_run_reports_its_duration() {
        let log = "Done 408450 runs in 61 second(s)\nstat::number_of_executed_units: 408450\n\
                   stat::average_exec_per_sec:     6695\n";
        assert_eq!(Report::parse(log).summary(), "408450 runs in 61 s, 6695 exec/s");
    }

    #[test]
    fn bad_arguments_are_refused_before_anything_runs() {
        let args = |list: &[&str]| list.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>();
        assert!(run(&args(&["--seconds", "0"])).unwrap_err().contains("positive"));
        assert!(run(&args(&["--seconds"])).unwrap_err().contains("positive"));
        assert!(run(&args(&["--jobs", "2"])).unwrap_err().contains("unknown option `--jobs`"));
    }
}
