//! The command line: exit statuses, and one test per class of content error asserting the
//! exact file, line and column the message names.

use crate::support::*;

fn check(site: &Site) -> Run {
    site.rungs(&["check"])
}

/// Asserts `rungs check` fails with a line starting with `prefix` (path:line:col: error: …).
fn assert_error(site: &Site, prefix: &str) -> Run {
    let r = check(site);
    assert_eq!(r.code, 1, "expected content error exit 1:\n{}", r.stderr);
    assert!(
        r.stderr.lines().any(|l| l.starts_with(prefix)),
        "no line starting with `{prefix}` in:\n{}",
        r.stderr
    );
    r
}

#[test]
fn check_succeeds_on_valid_ladder_and_writes_nothing() {
    let site = Site::fixture("small-ladder");
    let r = check(&site);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("ok: 4 levels, 3 growth areas, 3 categories"),
        "{}",
        r.stderr
    );
    assert!(!site.public().exists());
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let site = Site::fixture("small-ladder");
    assert_eq!(site.rungs(&["build", "--no-such-flag"]).code, 2);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["build", "--help"]);
    let help = run(cmd);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--base-url"));
}

#[test]
fn yaml_syntax_error_names_file_line_and_column() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/levels/expert.yml",
        "title: Expert\nrank: 30\ncompetencies:\n  craft:\n    - x\n   - y\n",
    );
    assert_error(
        &site,
        "content/levels/expert.yml:6:4: error: did not find expected key, while parsing a block mapping",
    );
}

#[test]
fn wrong_type_in_front_matter_is_located_in_the_file_not_the_block() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/levels/apprentice.md",
        "---\ntitle: Apprentice\nrank: three\n---\nBody\n",
    );
    let r = assert_error(
        &site,
        "content/levels/apprentice.md:3:7: error: rank: invalid type: string \"three\"",
    );
    assert!(r.stderr.contains("expected an integer"));
}

#[test]
fn missing_required_field_is_reported() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/areas/observability.yml",
        "expectations:\n  expert: Designs alerting\n",
    );
    assert_error(
        &site,
        "content/areas/observability.yml:1:1: error: missing field `title`",
    );
}

#[test]
fn duplicate_ids_and_ranks_are_reported() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/levels/expert.md",
        "---\ntitle: Other expert\nrank: 31\n---\n",
    );
    site.write(
        "content/levels/maitre.md",
        "---\ntitle: Maître\nrank: 31\n---\n",
    );
    let r = assert_error(
        &site,
        "content/levels/expert.yml:1:1: error: duplicate level id `expert`",
    );
    assert!(
        r.stderr
            .contains("content/levels/expert.md has the same id"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .lines()
            .any(|l| l.starts_with("content/levels/maitre.md:3:7: error: duplicate rank 31")),
        "{}",
        r.stderr
    );
}

#[test]
fn undeclared_category_is_reported_with_suggestion() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/levels/maitre.md",
        "---\ntitle: Maître\nrank: 40\ncompetencies:\n  craft:\n    - x\n  colaboration:\n    - y\n---\n",
    );
    let r = assert_error(
        &site,
        "content/levels/maitre.md:7:3: error: unknown category `colaboration`",
    );
    assert!(
        r.stderr.contains("= did you mean `collaboration`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn expectation_for_unknown_level_suggests_closest_id() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/areas/observability.yml",
        "title: Observability\nexpectations:\n  exprt: Designs alerting\n",
    );
    let r = assert_error(
        &site,
        "content/areas/observability.yml:3:3: error: expectation for unknown level `exprt`",
    );
    assert!(
        r.stderr.contains("= did you mean `expert`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn link_to_missing_source_is_reported_at_the_link() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/areas/testing.md",
        "---\ntitle: Testing\n---\n\nIntro line.\nSee [the senior](../levels/senior.md#scope).\n",
    );
    assert_error(
        &site,
        "content/areas/testing.md:6:5: error: link to `../levels/senior.md#scope`, which does not exist",
    );
}

#[test]
fn non_utf8_file_is_reported_at_the_bad_byte() {
    let site = Site::fixture("small-ladder");
    site.write_bytes(
        "content/areas/observability.yml",
        b"title: Obs\xe9rvability\n",
    );
    assert_error(
        &site,
        "content/areas/observability.yml:1:11: error: the file is not valid UTF-8",
    );
}

#[test]
fn unknown_key_is_a_warning_with_closest_key_and_build_succeeds() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/areas/observability.yml",
        "title: Observability\nsumary: Seeing systems\n",
    );
    let r = site.rungs(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.lines().any(|l| l
            == "content/areas/observability.yml:2:1: warning: unknown key `sumary` is ignored"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("= did you mean `summary`?"));
}

#[test]
fn all_errors_of_a_run_are_reported_together_in_stable_order() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/levels/apprentice.md",
        "---\ntitle: Apprentice\nrank: x\n---\n",
    );
    site.write(
        "content/areas/observability.yml",
        "title: Observability\nexpectations:\n  nobody: x\n",
    );
    site.write("content/areas/testing.md", "---\ntitle: [\n---\n");
    let first = check(&site);
    assert_eq!(first.code, 1);
    let errors: Vec<&str> = first
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    let files: Vec<&str> = errors
        .iter()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "content/areas/observability.yml",
            "content/areas/testing.md",
            "content/levels/apprentice.md"
        ]
    );
    assert!(first.stderr.contains("3 errors"));
    assert_eq!(check(&site).stderr, first.stderr, "same input, same report");
}

#[test]
fn site_config_errors_are_located() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/site.yaml",
        "title: X\ncategories:\n  - id: Craft\n    title: Craft\n",
    );
    assert_error(
        &site,
        "content/site.yaml:3:9: error: category id `Craft` is not a valid id",
    );
}

#[test]
fn timings_flag_reports_each_stage() {
    let site = Site::fixture("small-ladder");
    let r = site.rungs(&["build", "--timings"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with("timings: "))
        .expect("a timings line");
    for stage in ["load+validate", "theme", "render+write", "swap"] {
        assert!(line.contains(stage), "{line}");
    }
    // The stages are milliseconds of the same run: each is part of the total, and rendering
    // 16 pages takes measurable time.
    let figures: Vec<f64> = line
        .split(" ms")
        .filter_map(|part| part.rsplit(' ').next()?.parse().ok())
        .collect();
    assert_eq!(figures.len(), 4, "{line}");
    let total: f64 = r
        .stderr
        .lines()
        .find_map(|l| {
            l.strip_prefix("built ")?
                .rsplit(" in ")
                .next()?
                .strip_suffix(" ms")
        })
        .and_then(|n| n.parse().ok())
        .expect("a total in ms");
    assert!(
        figures.iter().sum::<f64>() <= total + 1.0,
        "{line} vs {total} ms"
    );
    assert!(figures[2] > 0.0, "render+write is measured: {line}");
    assert!(
        !site.rungs(&["build"]).stderr.contains("timings:"),
        "only when asked"
    );
}

/// The diagnostic lines of a run (without the summary and the final status line).
fn diagnostic_lines(r: &Run) -> Vec<&str> {
    r.stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.starts_with("error: ") || l.starts_with("  = "))
        .collect()
}

/// `check` and `build` fail the same way, with the same messages, and `check` writes nothing.
fn assert_check_fails_like_build(site: &Site, expected_line_start: &str) {
    let checked = check(site);
    assert_eq!(checked.code, 1, "check must fail:\n{}", checked.stderr);
    assert!(
        checked
            .stderr
            .lines()
            .any(|l| l.starts_with(expected_line_start)),
        "no line starting with `{expected_line_start}` in:\n{}",
        checked.stderr
    );
    assert!(!site.public().exists(), "check writes nothing");
    let built = site.rungs(&["build"]);
    assert_eq!(built.code, 1, "{}", built.stderr);
    assert_eq!(diagnostic_lines(&checked), diagnostic_lines(&built));
    assert!(!site.public().exists());
}

#[test]
fn check_fails_on_a_template_syntax_error_like_build() {
    let site = Site::fixture("small-ladder");
    site.write("themes/default/templates/level.html", "<p>{% if %}</p>\n");
    assert_check_fails_like_build(&site, "themes/default/templates/level.html:1:");
}

#[test]
fn check_fails_on_an_undefined_variable_at_render_time_like_build() {
    let site = Site::fixture("small-ladder");
    site.write(
        "themes/default/templates/area.html",
        "{% extends \"default/area.html\" %}{% block content %}{{ area.no_such_field.x }}{% endblock %}\n",
    );
    assert_check_fails_like_build(&site, "themes/default/templates/area.html:1:");
}

#[test]
fn check_fails_on_an_include_of_a_missing_template_like_build() {
    let site = Site::fixture("small-ladder");
    site.write(
        "themes/default/templates/404.html",
        "{% include \"no-such-partial.html\" %}\n",
    );
    let r = check(&site);
    assert!(r.stderr.contains("no-such-partial.html"), "{}", r.stderr);
    assert_check_fails_like_build(&site, "");
}

#[test]
fn check_fails_on_an_unknown_theme_like_build() {
    let site = Site::fixture("small-ladder");
    let config = site.read("content/site.yaml");
    site.write("content/site.yaml", &format!("theme: nope\n{config}"));
    assert_check_fails_like_build(
        &site,
        "content/site.yaml:1:8: error: theme `nope` not found",
    );
}

#[test]
fn a_broken_site_yaml_does_not_hide_errors_in_other_files() {
    let site = Site::fixture("small-ladder");
    // Unreadable YAML: no category is known, so competency keys are not judged.
    site.write("content/site.yaml", "title: [\ncategories: x\n");
    site.write(
        "content/levels/apprentice.md",
        "---\ntitle: Apprentice\nrank: x\n---\n",
    );
    let r = check(&site);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let files: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        files,
        ["content/levels/apprentice.md", "content/site.yaml"],
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("unknown category"), "{}", r.stderr);

    // Readable categories are used: a real typo in a level is still reported, once.
    site.write(
        "content/site.yaml",
        "title: L\nbase_url: \"javascript:alert(1)\"\ncategories:\n  - id: craft\n    title: Craft\n  - id: collaboration\n    title: Collaboration\n  - id: leadership\n    title: Leadership\n",
    );
    site.write(
        "content/levels/apprentice.md",
        "---\ntitle: Apprentice\nrank: 10\ncompetencies:\n  craft:\n    - x\n  colaboration:\n    - y\n---\n",
    );
    let r = check(&site);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "content/levels/apprentice.md:7:3: error: unknown category `colaboration`",
            "content/site.yaml:2:11: error: the base URL `javascript:alert(1)` is neither an http:// or https:// URL nor a path starting with `/`",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("= did you mean `collaboration`?"));
}

#[test]
fn base_url_must_be_http_https_or_a_path() {
    let site = Site::fixture("small-ladder");
    for (url, why) in [
        (
            "javascript:alert(1)",
            "the base URL is neither an http:// or https:// URL nor a path starting with `/`",
        ),
        (
            "//evil.example/",
            "the base URL starts with `//`, which a browser reads as another host",
        ),
        ("https://", "the base URL has no host after the scheme"),
        (
            "",
            "the base URL is empty: expected an http:// or https:// URL or a path starting with `/`",
        ),
    ] {
        let r = site.rungs(&["build", "--base-url", url]);
        assert_eq!(r.code, 2, "{url}: {}", r.stderr);
        assert!(
            r.stderr.starts_with(&format!(
                "error: invalid value '{url}' for '--base-url <BASE_URL>': {why}\n"
            )),
            "{}",
            r.stderr
        );
    }
    assert!(!site.public().exists());
    for url in ["https://org.github.io/ladder", "/ladder/"] {
        let r = site.rungs(&["build", "--base-url", url]);
        assert_eq!(r.code, 0, "{url}: {}", r.stderr);
    }
}

/// Runs `rungs <args> --root <root>` with stderr (or stdout) going to `sink`.
fn run_with(site: &Site, args: &[&str], stderr: bool, sink: std::process::Stdio) -> i32 {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(args).arg("--root").arg(site.root());
    cmd.stdin(std::process::Stdio::null());
    if stderr {
        cmd.stderr(sink).stdout(std::process::Stdio::null());
    } else {
        cmd.stdout(sink).stderr(std::process::Stdio::null());
    }
    cmd.status().expect("run rungs").code().unwrap_or(-1)
}

/// A pipe whose reading end is already closed: every write to it fails with EPIPE.
fn closed_pipe() -> std::process::Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    writer.into()
}

fn dev_full() -> Option<std::process::Stdio> {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .ok()
        .map(Into::into)
}

#[test]
fn a_closed_or_full_stderr_ends_the_run_quietly_with_its_own_status() {
    let site = Site::fixture("small-ladder");
    assert_eq!(run_with(&site, &["check"], true, closed_pipe()), 0);
    assert_eq!(run_with(&site, &["build"], true, closed_pipe()), 0);
    if let Some(full) = dev_full() {
        assert_eq!(run_with(&site, &["check"], true, full), 0);
    }
    site.write("content/levels/expert.yml", "title: Expert\nrank: [\n");
    assert_eq!(run_with(&site, &["check"], true, closed_pipe()), 1);
    assert_eq!(run_with(&site, &["build"], true, closed_pipe()), 1);
    if let Some(full) = dev_full() {
        assert_eq!(run_with(&site, &["check"], true, full), 1);
    }
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["build", "--help"]).stdout(closed_pipe());
    assert_eq!(cmd.status().unwrap().code(), Some(0));
}

#[test]
fn serve_keeps_serving_when_its_stdout_is_closed() {
    use std::io::BufRead;
    let site = Site::fixture("small-ladder");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdin(std::process::Stdio::null())
        .stdout(closed_pipe())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start rungs serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let loaded = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("a first line");
    assert!(
        loaded.starts_with("  load ") || loaded.starts_with("loaded "),
        "{loaded}"
    );
    // The address line goes to the closed stdout right after; a panic there would end
    // the process at once with status 101.
    std::thread::sleep(std::time::Duration::from_millis(700));
    let status = child.try_wait().expect("try_wait");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, None, "serve exited: {status:?}");
}

#[test]
fn completions_are_generated_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "complete -F _rungs"),
        ("zsh", "#compdef rungs"),
        ("fish", "complete -c rungs"),
    ] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
        cmd.args(["completions", shell]);
        let r = run(cmd);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(marker), "{shell}: {}", r.stdout);
        for word in ["build", "check", "serve", "poll", "base-url"] {
            assert!(r.stdout.contains(word), "{shell} lacks {word}");
        }
    }
}

#[test]
fn quiet_prints_only_errors_and_verbose_adds_timings() {
    let site = Site::fixture("small-ladder");
    let quiet = site.rungs(&["build", "-q"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert_eq!(quiet.stderr, "", "nothing on success");
    let verbose = site.rungs(&["build", "-v"]);
    assert!(
        verbose
            .stderr
            .lines()
            .any(|l| l.starts_with("timings: load+validate ")),
        "{}",
        verbose.stderr
    );
    // A warning is hidden by -q; an error is not.
    let level = site.read("content/levels/expert.yml");
    site.write(
        "content/levels/expert.yml",
        &format!("{level}colour: blue\n"),
    );
    let warned = site.rungs(&["check", "-q"]);
    assert_eq!((warned.code, warned.stderr.as_str()), (0, ""));
    assert!(
        site.rungs(&["check"])
            .stderr
            .contains("warning: unknown key `colour`")
    );
    site.write(
        "content/levels/expert.yml",
        &format!("{level}colour: blue\nrank: [\n"),
    );
    let failed = site.rungs(&["check", "-q"]);
    assert_eq!(failed.code, 1);
    assert!(failed.stderr.contains(": error: "), "{}", failed.stderr);
    assert!(!failed.stderr.contains("warning:"), "{}", failed.stderr);
}

#[test]
fn short_flags_and_environment_variables_set_the_main_options() {
    let site = Site::fixture("small-ladder");
    let out = site.root().join("elsewhere");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["build", "-r"])
        .arg(site.root())
        .arg("-o")
        .arg(&out)
        .args(["-u", "https://ladder.example/sub/"]);
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://ladder.example/sub/</loc>"),
        "{sitemap}"
    );
    let env_out = site.root().join("from-env");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.arg("build")
        .env("RUNGS_ROOT", site.root())
        .env("RUNGS_OUTPUT", &env_out)
        .env("RUNGS_BASE_URL", "/from-env/");
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let robots = std::fs::read_to_string(env_out.join("robots.txt")).unwrap();
    assert!(env_out.join("index.html").is_file());
    assert!(
        !robots.contains("Sitemap:"),
        "a path base URL has no absolute sitemap: {robots}"
    );
}

/// A site whose only problem is `rank: forty` on line 3 of content/levels/expert.yml.
fn site_with_a_bad_rank() -> Site {
    let site = Site::fixture("small-ladder");
    let level = site.read("content/levels/expert.yml");
    site.write(
        "content/levels/expert.yml",
        &level.replace("rank: 30", "rank: forty"),
    );
    site
}

const RANK_ERROR: &str = "content/levels/expert.yml:3:7: error: rank: invalid type: string \"forty\", expected an integer";

#[test]
fn diagnostics_show_an_excerpt_under_the_first_line() {
    let r = site_with_a_bad_rank().rungs(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!("{RANK_ERROR}\n  |\n3 | rank: forty\n  |       ^^^^^\n1 error\n")
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn diagnostics_are_coloured_when_forced_and_plain_with_no_color() {
    let site = site_with_a_bad_rank();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["check", "--root"])
        .arg(site.root())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR");
    let coloured = run(cmd).stderr;
    assert_eq!(
        coloured,
        format!(
            "\u{1b}[1mcontent/levels/expert.yml:3:7:\u{1b}[0m \u{1b}[1m\u{1b}[31merror\u{1b}[0m\u{1b}[1m:\u{1b}[0m \u{1b}[1mrank: invalid type: string \"forty\", expected an integer\u{1b}[0m\n  \u{1b}[1m\u{1b}[34m|\u{1b}[0m\n\u{1b}[1m\u{1b}[34m3\u{1b}[0m \u{1b}[1m\u{1b}[34m|\u{1b}[0m rank: forty\n  \u{1b}[1m\u{1b}[34m|\u{1b}[0m       \u{1b}[1m\u{1b}[31m^^^^^\u{1b}[0m\n\u{1b}[1m1 error\u{1b}[0m\n"
        )
    );
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["check", "--root"])
        .arg(site.root())
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1");
    assert!(!run(cmd).stderr.contains('\u{1b}'), "NO_COLOR wins");
}

#[test]
fn diagnostics_as_json_lines_on_stdout() {
    let r = site_with_a_bad_rank().rungs(&["check", "--message-format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "{\"severity\":\"error\",\"file\":\"content/levels/expert.yml\",\"line\":3,\"column\":7,\"message\":\"rank: invalid type: string \\\"forty\\\", expected an integer\",\"help\":null}\n"
    );
    assert!(!r.stderr.contains("error:"), "{}", r.stderr);
}

#[test]
fn diagnostics_as_github_annotations_in_actions() {
    let site = site_with_a_bad_rank();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["check", "--root"])
        .arg(site.root())
        .env("GITHUB_ACTIONS", "true");
    let r = run(cmd);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "::error file=content/levels/expert.yml,line=3,col=7,title=rungs::rank: invalid type: string \"forty\", expected an integer\n"
    );
    assert!(r.stderr.starts_with(RANK_ERROR), "{}", r.stderr);
}

#[test]
fn json_on_stdout_stays_json_in_github_actions() {
    let site = site_with_a_bad_rank();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["check", "--message-format", "json", "--root"])
        .arg(site.root())
        .env("GITHUB_ACTIONS", "true");
    let r = run(cmd);
    assert_eq!(r.code, 1);
    for line in r.stdout.lines() {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not JSON: {line:?}: {e}"));
    }
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
}

#[test]
fn quiet_still_shows_the_warnings_deny_warnings_fails_on_and_wins_over_verbose() {
    let site = Site::fixture("small-ladder");
    let level = site.read("content/levels/expert.yml");
    site.write(
        "content/levels/expert.yml",
        &format!("{level}colour: blue\n"),
    );
    for command in ["check", "lint"] {
        let r = site.rungs(&[command, "-q", "--deny-warnings"]);
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert!(
            r.stderr.contains("warning: unknown key `colour`"),
            "{command}: {}",
            r.stderr
        );
    }
    // From the environment and the command line together, -q and -v mean -q.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.args(["build", "-v", "--root"])
        .arg(site.root())
        .env("RUNGS_QUIET", "1");
    let r = run(cmd);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

#[test]
fn deny_warnings_passes_a_ladder_without_warnings() {
    let site = Site::fixture("small-ladder");
    for command in ["build", "check", "lint"] {
        let r = site.rungs(&[command, "--deny-warnings"]);
        assert_eq!(r.code, 0, "{command}: {}", r.stderr);
    }
    assert!(site.public().join("index.html").is_file());
}
