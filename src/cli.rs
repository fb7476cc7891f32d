//! The command line: one `Args` struct per subcommand, each with a `run` that returns the
//! exit status. Only this module and `serve` print, through `term`, so a closed or full
//! stdout or stderr never turns a run into a panic.

use crate::build::{self, BuildOptions};
use crate::diag::Diagnostics;
use crate::report::{self, MessageFormat, Sources};
use crate::term::{Verbosity, errln, info, outln};
use clap::{CommandFactory, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

/// rungs: publish an engineering career ladder as a fast, cross-linked website.
#[derive(Debug, Parser)]
#[command(name = "rungs", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print errors only: no warnings, summaries or progress (wins over -v). Warnings that
    /// --deny-warnings turns into a failure are still printed.
    #[arg(short, long, global = true, env = "RUNGS_QUIET",
          value_parser = clap::builder::FalseyValueParser::new())]
    quiet: bool,
    /// How build, check and lint print problems: `human` (excerpts, colour on a terminal) or
    /// `json` (one object per line on stdout). With GITHUB_ACTIONS=true and `human`, problems
    /// are also printed as workflow annotations. (serve prints text, and shows problems in the
    /// browser.)
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human, env = "RUNGS_MESSAGE_FORMAT")]
    message_format: MessageFormat,
    /// Also print how long each stage took (build and serve).
    #[arg(short, long, global = true, env = "RUNGS_VERBOSE",
          value_parser = clap::builder::FalseyValueParser::new())]
    verbose: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate content/ and write the site into the output directory.
    Build(BuildArgs),
    /// Do everything `build` does but write: validate content/, load the theme, render every
    /// page; report every problem.
    Check(CheckArgs),
    /// Preview the site: build in memory, serve it, rebuild and reload on every change.
    Serve(ServeArgs),
    /// Lint the ladder: validate content/ and report its quality warnings (L001 …), which
    /// `build`, `check` and `serve` report too. See README for every code.
    Lint(LintArgs),
    /// Compare the ladder at two git revisions (TO defaults to the working tree): levels,
    /// growth areas, categories and pages added, removed or renamed, and every expectation
    /// added, removed, reworded (word by word) or moved.
    Diff(DiffArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions(CompletionsArgs),
    /// Start a new ladder: write a small starter site (three levels, one growth area, a free
    /// page, a GitHub Pages workflow) into DIR; never overwrites a file.
    Init(InitArgs),
}

/// Arguments of `rungs init`.
#[derive(Debug, clap::Args)]
struct InitArgs {
    /// The folder to write into, created when missing; it must be empty (or hold only .git)
    /// unless --force is given.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write into a non-empty folder (with --theme: into an existing themes/custom/), adding
    /// the missing files only: an existing file is never overwritten.
    #[arg(short, long)]
    force: bool,
    /// Instead of a ladder, copy the default theme into DIR/themes/custom/ for editing and
    /// set `theme: custom` in DIR/content/site.yaml (keeping the rest of the file as it is).
    #[arg(long)]
    theme: bool,
}

/// Arguments of `rungs lint`.
#[derive(Debug, clap::Args)]
struct LintArgs {
    /// The site root: the folder that holds content/ (and themes/).
    #[arg(short, long, default_value = ".", env = "RUNGS_ROOT")]
    root: PathBuf,
    /// Lint the ladder with its draft levels (`draft: true`).
    #[arg(long)]
    drafts: bool,
    /// Fail (exit 1) when there is any warning.
    #[arg(long)]
    deny_warnings: bool,
}

/// Arguments of `rungs diff`.
#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// The site root: the folder that holds content/, inside a git repository.
    #[arg(short, long, default_value = ".", env = "RUNGS_ROOT")]
    root: PathBuf,
    /// The old revision: a tag, branch or commit (`ladder-v1`, `origin/main`, `HEAD~2`).
    from: String,
    /// The new revision [default: the working tree, saved files as they are].
    to: Option<String>,
    /// `text` (coloured on a terminal; NO_COLOR turns it off), `markdown` (for a pull-request
    /// comment or a job summary) or `json` (one object, documented in README).
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Compare the ladders with their draft levels (`draft: true`).
    #[arg(long)]
    drafts: bool,
}

/// How `rungs diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// Lines for a terminal.
    Text,
    /// Markdown.
    Markdown,
    /// One JSON object.
    Json,
}

/// Arguments of `rungs completions`.
#[derive(Debug, clap::Args)]
struct CompletionsArgs {
    /// The shell to complete for, e.g. `rungs completions bash > /etc/bash_completion.d/rungs`.
    shell: clap_complete::Shell,
}

/// Arguments of `rungs serve`.
#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// The site root: the folder that holds content/ (and themes/).
    #[arg(short, long, default_value = ".", env = "RUNGS_ROOT")]
    root: PathBuf,
    /// Address to listen on. Only loopback is reachable from this machine alone; use 0.0.0.0
    /// deliberately to share the preview on a network.
    #[arg(
        short = 'i',
        long,
        visible_alias = "interface",
        default_value = "127.0.0.1",
        env = "RUNGS_BIND"
    )]
    bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(short, long, default_value_t = 1111, env = "RUNGS_PORT")]
    port: u16,
    /// Open the site in the default browser.
    #[arg(short = 'O', long)]
    open: bool,
    /// Scan for changes every MS milliseconds (default 500) instead of waiting for the file
    /// system's events: for network drives, WSL's /mnt and container bind mounts, where
    /// saving a file may not rebuild otherwise.
    #[arg(long, value_name = "MS", num_args = 0..=1, default_missing_value = "500",
          value_parser = clap::value_parser!(u64).range(10..=60_000), env = "RUNGS_POLL")]
    poll: Option<u64>,
    /// Also answer requests for this host name (repeatable). The preview answers only
    /// requests for localhost or an IP address, so that no other web site can read it through
    /// DNS rebinding; name here the host a proxy or a container forwards the preview as.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
    /// Make each file:line:col of the error overlay a link that opens your editor: a URL
    /// template with {path} (absolute), {line} and {col}, e.g.
    /// `vscode://file/{path}:{line}:{col}`.
    #[arg(long, value_name = "URL", value_parser = crate::serve::parse_editor_url, env = "RUNGS_EDITOR_URL")]
    editor_url: Option<String>,
}

/// Arguments of `rungs build`.
#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The site root: the folder that holds content/ (and themes/).
    #[arg(short, long, default_value = ".", env = "RUNGS_ROOT")]
    root: PathBuf,
    /// Where to write the site [default: ROOT/public]. Replaced whole on every build, so it
    /// must be a folder rungs created (or a new or empty one); never the site root, content/,
    /// themes/ or a folder holding .git. Symlinks and `..` are resolved before that is decided.
    #[arg(short, long, env = "RUNGS_OUTPUT")]
    output: Option<PathBuf>,
    /// Public URL of the site, overriding base_url in content/site.yaml: an http:// or
    /// https:// URL (e.g. https://org.github.io/ladder/) or a path starting with `/`.
    #[arg(short = 'u', long, value_parser = parse_base_url, env = "RUNGS_BASE_URL")]
    base_url: Option<String>,
    /// Print how long each stage took (as `-v` does).
    #[arg(long)]
    timings: bool,
    /// Include draft levels (`draft: true`), which are left out otherwise.
    #[arg(long)]
    drafts: bool,
    /// Fail (exit 1) when there is any warning, lint warnings included; nothing is written.
    #[arg(long)]
    deny_warnings: bool,
    /// Also check every http(s) link and image: HEAD, then GET; 8 at a time, 10 s each, 60 s
    /// in all; good links are remembered for a day in ROOT/.rungs-cache/links.json.
    #[arg(long)]
    check_external: bool,
}

/// Arguments of `rungs check`.
#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// The site root: the folder that holds content/ (and themes/).
    #[arg(short, long, default_value = ".", env = "RUNGS_ROOT")]
    root: PathBuf,
    /// Check the site with its draft levels (`draft: true`), as `build --drafts` builds it.
    #[arg(long)]
    drafts: bool,
    /// Fail (exit 1) when there is any warning, lint warnings included.
    #[arg(long)]
    deny_warnings: bool,
    /// Also check every http(s) link and image: HEAD, then GET; 8 at a time, 10 s each, 60 s
    /// in all; good links are remembered for a day in ROOT/.rungs-cache/links.json.
    #[arg(long)]
    check_external: bool,
}

/// The message that ends a run failed by `--deny-warnings`.
fn denied(warnings: usize) -> ExitCode {
    errln!(
        "{warnings} warning{} denied by --deny-warnings",
        if warnings == 1 { "" } else { "s" }
    );
    ExitCode::from(EXIT_CONTENT_ERROR)
}

/// Exit status for content errors (usage errors exit with 2, from clap).
const EXIT_CONTENT_ERROR: u8 = 1;

/// Exit status for usage errors found after parsing (an unknown revision), as clap's own.
const EXIT_USAGE: u8 = 2;

/// Checks `--base-url` with the same rule as `base_url` in site.yaml.
fn parse_base_url(url: &str) -> Result<String, String> {
    if url.trim().is_empty() {
        return Err("the base URL is empty: expected an http:// or https:// URL or a path starting with `/`".into());
    }
    crate::config::check_base_url(url)
        .map(|()| url.to_string())
        .map_err(|why| format!("the base URL {why}"))
}

impl Cli {
    /// Runs the chosen subcommand.
    pub fn run(self) -> ExitCode {
        crate::term::set_verbosity(if self.quiet {
            Verbosity::Quiet
        } else if self.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        });
        let _ = FORMAT.set(self.message_format);
        match self.command {
            Command::Build(args) => args.run(),
            Command::Check(args) => args.run(),
            Command::Serve(args) => args.run(),
            Command::Lint(args) => args.run(),
            Command::Diff(args) => args.run(),
            Command::Completions(args) => args.run(),
            Command::Init(args) => args.run(),
        }
    }
}

/// `1 level`, `3 levels`: summaries in grammatical English.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `--message-format` of this run.
static FORMAT: OnceLock<MessageFormat> = OnceLock::new();

/// Prints diagnostics: errors always, warnings unless quiet (with `-q` only the errors of a
/// failed run are shown), in the chosen format; excerpts come from the files under `root`.
fn print_diagnostics(diags: &Diagnostics, root: &std::path::Path) {
    print_diagnostics_as(diags, root, false);
}

/// [`print_diagnostics`]; with `failing`, warnings are the run's failure
/// (`--deny-warnings`) and are printed even with `-q`.
fn print_diagnostics_as(diags: &Diagnostics, root: &std::path::Path, failing: bool) {
    let shown: Diagnostics = if failing || crate::term::shows(Verbosity::Normal) {
        diags.clone()
    } else {
        diags.iter().filter(|d| d.is_error()).cloned().collect()
    };
    if shown.is_empty() {
        return;
    }
    let format = FORMAT.get().copied().unwrap_or_default();
    // Annotations go with the human format only: JSON on stdout stays JSON alone.
    if format == MessageFormat::Human
        && std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true")
    {
        crate::term::write_stdout(format_args!("{}", report::github_annotations(&shown)));
    }
    match format {
        MessageFormat::Json => {
            crate::term::write_stdout(format_args!("{}", report::json_lines(&shown)));
        }
        MessageFormat::Human => {
            let text = report::human(&shown, &mut Sources::new(root), true);
            // anstream strips the colours where they are off (not a terminal, NO_COLOR) and
            // keeps them with CLICOLOR_FORCE.
            let mut stream = anstream::stderr();
            let _ = std::io::Write::write_all(&mut stream, text.as_bytes());
        }
    }
}

impl DiffArgs {
    fn run(self) -> ExitCode {
        use crate::versions::{LoadError, load_side};
        let (from, to) = rayon::join(
            || load_side(&self.root, Some(&self.from), self.drafts),
            || load_side(&self.root, self.to.as_deref(), self.drafts),
        );
        let mut status = ExitCode::SUCCESS;
        let mut sides = Vec::new();
        for side in [from, to] {
            match side {
                Ok(side) => sides.push(side),
                Err(LoadError::Usage(why)) => {
                    errln!("error: {why}");
                    return ExitCode::from(EXIT_USAGE);
                }
                Err(LoadError::Content {
                    rev,
                    diagnostics,
                    excerpts,
                }) => {
                    let n = diagnostics.error_count();
                    let mut stream = anstream::stderr();
                    let _ = std::io::Write::write_all(
                        &mut stream,
                        format!(
                            "error: the ladder at {rev} does not load ({} error{}):\n{excerpts}",
                            n,
                            if n == 1 { "" } else { "s" }
                        )
                        .as_bytes(),
                    );
                    status = ExitCode::from(EXIT_CONTENT_ERROR);
                }
                Err(LoadError::Other(why)) => {
                    errln!("error: {why}");
                    status = ExitCode::from(EXIT_CONTENT_ERROR);
                }
            }
        }
        let [old, new] = match <[_; 2]>::try_from(sides) {
            Ok(both) => both,
            Err(_) => return status,
        };
        let diff = crate::changes::compare(&old.ladder, &new.ladder);
        match self.format {
            DiffFormat::Text => {
                let text = crate::changes::text(&diff, &old.side, &new.side);
                let mut stream = anstream::stdout();
                let _ = std::io::Write::write_all(&mut stream, text.as_bytes());
            }
            DiffFormat::Markdown => {
                outln!(
                    "{}",
                    crate::changes::markdown(&diff, &old.side, &new.side).trim_end()
                );
            }
            DiffFormat::Json => {
                outln!("{}", crate::changes::json(&diff, &old.side, &new.side));
            }
        }
        status
    }
}

impl CompletionsArgs {
    fn run(self) -> ExitCode {
        let mut script = Vec::new();
        clap_complete::generate(self.shell, &mut Cli::command(), "rungs", &mut script);
        outln!("{}", String::from_utf8_lossy(&script).trim_end());
        ExitCode::SUCCESS
    }
}

impl InitArgs {
    fn run(self) -> ExitCode {
        let opts = crate::init::InitOptions {
            dir: self.dir,
            force: self.force,
        };
        let done = if self.theme {
            crate::init::init_theme(&opts)
        } else {
            crate::init::init_site(&opts)
        };
        match done {
            Ok(report) => {
                for (path, why) in &report.failed {
                    errln!("error: {}: {why}", opts.dir.join(path).display());
                }
                info!("{}", crate::init::summary(&report, &opts.dir).trim_end());
                if report.failed.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(EXIT_CONTENT_ERROR)
                }
            }
            Err(e) => {
                errln!("error: {e}");
                ExitCode::from(EXIT_CONTENT_ERROR)
            }
        }
    }
}

impl BuildArgs {
    fn run(self) -> ExitCode {
        let started = Instant::now();
        let opts = BuildOptions {
            root: self.root.clone(),
            base_url: self.base_url,
            drafts: self.drafts,
            preview: false,
        };
        let output = self
            .output
            .unwrap_or_else(|| build::default_output(&self.root));
        let gate = build::Gate {
            check_external: self.check_external,
            deny_warnings: self.deny_warnings,
        };
        let report = match build::build_into(&opts, &output, gate) {
            Ok(report) => report,
            Err(failure) if failure.denied => {
                // Found before writing: the output directory is left as it was.
                print_diagnostics_as(&failure.diagnostics, &self.root, true);
                return denied(failure.diagnostics.warning_count());
            }
            Err(failure) => {
                print_diagnostics(&failure.diagnostics, &self.root);
                match failure.previous_output_at {
                    None => errln!("build failed; the output directory was left untouched"),
                    Some(dir) => errln!(
                        "build failed; the previous output could not be put back: it is in {}, and the next `rungs build` restores it",
                        dir.display()
                    ),
                }
                return ExitCode::from(EXIT_CONTENT_ERROR);
            }
        };
        // Warnings of a build that passed its gate. With --deny-warnings only the swap's own
        // (a leftover folder that could not be removed) can remain: they still fail the run.
        let denying = self.deny_warnings && !report.warnings.is_empty();
        print_diagnostics_as(&report.warnings, &self.root, denying);
        if denying {
            return denied(report.warnings.warning_count());
        }
        if self.timings || crate::term::shows(Verbosity::Verbose) {
            let t = report.timings;
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            errln!(
                "timings: load+validate {:.1} ms, theme {:.1} ms, render+write {:.1} ms, swap {:.1} ms",
                ms(t.load),
                ms(t.theme),
                ms(t.render),
                ms(t.swap)
            );
        }
        if let Some(note) = &report.versions_note {
            info!("note: {note}");
        }
        info!(
            "built {} ({}{}, {}) into {} in {} ms",
            count(report.stats.pages, "page", "pages"),
            build::tracks_phrase(report.tracks),
            count(report.levels, "level", "levels"),
            count(report.areas, "growth area", "growth areas"),
            output.display(),
            started.elapsed().as_millis()
        );
        ExitCode::SUCCESS
    }
}

impl ServeArgs {
    fn run(self) -> ExitCode {
        let opts = crate::serve::ServeOptions {
            root: self.root,
            bind: self.bind,
            port: self.port,
            open: self.open,
            poll: self.poll.map(std::time::Duration::from_millis),
            allowed_hosts: self.allow_host,
            editor_url: self.editor_url,
        };
        match crate::serve::serve(opts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                errln!("error: {e:#}");
                ExitCode::from(EXIT_CONTENT_ERROR)
            }
        }
    }
}

impl CheckArgs {
    fn run(self) -> ExitCode {
        let opts = BuildOptions {
            root: self.root.clone(),
            base_url: None,
            drafts: self.drafts,
            preview: false,
        };
        match build::check_site(&opts) {
            Ok(mut loaded) => {
                if self.check_external {
                    let external = crate::external::check_external(&loaded.ladder, &self.root);
                    let mut all = std::mem::take(&mut loaded.warnings);
                    all.extend(external);
                    loaded.warnings = all.sorted();
                }
                let denying = self.deny_warnings && !loaded.warnings.is_empty();
                print_diagnostics_as(&loaded.warnings, &self.root, denying);
                if loaded.warnings.has_errors() {
                    return ExitCode::from(EXIT_CONTENT_ERROR);
                }
                if denying {
                    return denied(loaded.warnings.warning_count());
                }
                info!(
                    "ok: {}{}, {}, {}",
                    build::tracks_phrase(build::tracks_count(&loaded.ladder)),
                    count(loaded.ladder.levels().count(), "level", "levels"),
                    count(loaded.ladder.areas().count(), "growth area", "growth areas"),
                    count(
                        loaded.ladder.site.categories.len(),
                        "category",
                        "categories"
                    )
                );
                ExitCode::SUCCESS
            }
            Err(diags) => {
                print_diagnostics(&diags, &self.root);
                ExitCode::from(EXIT_CONTENT_ERROR)
            }
        }
    }
}

impl LintArgs {
    fn run(self) -> ExitCode {
        match crate::content::load_ladder_cached(&self.root, |_| {}, self.drafts, None) {
            Ok(loaded) => {
                let denying = self.deny_warnings && !loaded.warnings.is_empty();
                print_diagnostics_as(&loaded.warnings, &self.root, denying);
                if denying {
                    return denied(loaded.warnings.warning_count());
                }
                info!(
                    "lint: {}",
                    count(loaded.warnings.warning_count(), "warning", "warnings")
                );
                ExitCode::SUCCESS
            }
            Err(diags) => {
                print_diagnostics(&diags, &self.root);
                ExitCode::from(EXIT_CONTENT_ERROR)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
