//! "Last updated" dates from git: the footer's `<time>` on every page made from one source
//! file, exact per file (a later commit gives a later date, an uncommitted edit keeps the
//! commit's), none outside git, for an untracked file or with `last_updated: false`; a
//! shallow clone dates only what changed inside its history and warns once; the sitemap's
//! `lastmod`, `ladder.json`'s `updated`; HEAD's date on the printable ladder; `serve`
//! follows HEAD.

use crate::diff::{commit, git, three_versions};
use crate::support::{Site, normalize, sel, text};
use scraper::Html;
use std::collections::BTreeMap;
use std::time::Duration;

/// The page's "Last updated" date: the `datetime` of the footer's `<time>`, checked against
/// the line's text; `None` when the page has none.
fn updated(page: &Html) -> Option<String> {
    let lines: Vec<_> = page.select(&sel(".site-footer .last-updated")).collect();
    assert!(lines.len() <= 1, "one date at most");
    let line = lines.first()?;
    let times: Vec<_> = line.select(&sel("time")).collect();
    assert_eq!(times.len(), 1);
    let date = times[0]
        .value()
        .attr("datetime")
        .expect("datetime")
        .to_string();
    assert_eq!(normalize(&text(times[0])), date);
    assert_eq!(normalize(&text(*line)), format!("Last updated {date}"));
    Some(date)
}

/// The dates of `pages` (output paths) of `site`.
fn dates(site: &Site, pages: &[&str]) -> Vec<(String, Option<String>)> {
    pages
        .iter()
        .map(|p| (p.to_string(), updated(&site.page(p))))
        .collect()
}

fn expect(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    pairs
        .iter()
        .map(|(p, d)| (p.to_string(), d.map(str::to_string)))
        .collect()
}

/// `lastmod` of each URL in `sitemap.xml`, by URL.
fn lastmods(site: &Site) -> BTreeMap<String, Option<String>> {
    let xml = site.read("public/sitemap.xml");
    xml.lines()
        .filter_map(|line| {
            let loc = line.split("<loc>").nth(1)?.split("</loc>").next()?;
            let lastmod = line
                .split("<lastmod>")
                .nth(1)
                .and_then(|l| l.split("</lastmod>").next())
                .map(str::to_string);
            Some((loc.to_string(), lastmod))
        })
        .collect()
}

/// `updated` of each level and area in `ladder.json` (version 1), by id.
fn json_updated(site: &Site) -> Vec<(String, Option<String>)> {
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/ladder.json")).expect("ladder.json");
    ["levels", "areas"]
        .iter()
        .flat_map(|key| json[key].as_array().expect("a list").clone())
        .map(|x| {
            (
                x["id"].as_str().expect("id").to_string(),
                x.get("updated")
                    .map(|u| u.as_str().expect("a string").to_string()),
            )
        })
        .collect()
}

/// The printable ladder's cover date (`datetime` of its `<time>`) and the cover's line.
fn print_date(page: &Html) -> Option<(String, String)> {
    let line = page.select(&sel(".print-cover__date")).next()?;
    let time = line.select(&sel("time")).next()?;
    Some((
        time.value().attr("datetime").expect("datetime").to_string(),
        normalize(&text(line)),
    ))
}

/// The printable ladder's `@top-center` content, CSS escapes and all.
fn running_head(page: &Html) -> String {
    let style: String = page
        .select(&sel("head style"))
        .map(|s| s.text().collect::<String>())
        .collect();
    style
        .split("content: ")
        .nth(1)
        .and_then(|s| s.split(';').next())
        .expect("a running head")
        .to_string()
}

/// `2026-03-10` as the running head's CSS string writes it.
fn css_date(date: &str) -> String {
    date.replace('-', "\\2D ")
}

const FAQ: &str = "---\ntitle: FAQ\n---\nAsk us.\n";

/// The small fixture with a free page, in a git repository: everything committed on
/// 2026-01-05, then the expert level and the testing area changed on 2026-03-10.
fn dated_site() -> Site {
    let site = Site::fixture("small-ladder");
    site.write("content/pages/faq.md", FAQ);
    git(site.root(), &["init", "-q", "-b", "main"]);
    commit(site.root(), "first", "2026-01-05T10:00:00Z", None);
    let expert = site
        .read("content/levels/expert.yml")
        .replace("Keeps complexity down", "Keeps complexity low");
    site.write("content/levels/expert.yml", &expert);
    let testing = site
        .read("content/areas/testing.md")
        .replace("Writes unit tests", "Writes unit and integration tests");
    site.write("content/areas/testing.md", &testing);
    // Late in the day in UTC: the date is the UTC one.
    commit(site.root(), "second", "2026-03-10T23:30:00Z", None);
    site
}

const PAGES: &[&str] = &[
    "index.html",
    "levels/apprentice/index.html",
    "levels/practitioner/index.html",
    "levels/expert/index.html",
    "levels/maitre/index.html",
    "areas/testing/index.html",
    "areas/mentoring/index.html",
    "areas/observability/index.html",
    "faq/index.html",
    "compare/index.html",
    "print/index.html",
    "404.html",
];

#[test]
fn each_page_shows_when_its_own_file_last_changed() {
    let site = dated_site();
    // Untracked: no date.
    site.write("content/pages/draft.md", "---\ntitle: Draft\n---\nSoon.\n");
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let mut pages = PAGES.to_vec();
    pages.push("draft/index.html");
    let jan = Some("2026-01-05");
    let mar = Some("2026-03-10");
    assert_eq!(
        dates(&site, &pages),
        expect(&[
            ("index.html", jan),
            ("levels/apprentice/index.html", jan),
            ("levels/practitioner/index.html", jan),
            ("levels/expert/index.html", mar),
            ("levels/maitre/index.html", jan),
            ("areas/testing/index.html", mar),
            ("areas/mentoring/index.html", jan),
            ("areas/observability/index.html", jan),
            ("faq/index.html", jan),
            // Made from many files, or none: no date.
            ("compare/index.html", None),
            ("print/index.html", None),
            ("404.html", None),
            ("draft/index.html", None),
        ])
    );
    // The sitemap's lastmod: the same dates, on the same pages.
    let lastmod = lastmods(&site);
    let dated: Vec<(&str, &str)> = lastmod
        .iter()
        .filter_map(|(url, d)| Some((url.as_str(), d.as_deref()?)))
        .collect();
    assert_eq!(
        dated,
        [
            ("/", "2026-01-05"),
            ("/areas/mentoring/", "2026-01-05"),
            ("/areas/observability/", "2026-01-05"),
            ("/areas/testing/", "2026-03-10"),
            ("/faq/", "2026-01-05"),
            ("/levels/apprentice/", "2026-01-05"),
            ("/levels/expert/", "2026-03-10"),
            ("/levels/maitre/", "2026-01-05"),
            ("/levels/practitioner/", "2026-01-05"),
        ]
    );
    assert_eq!(lastmod.get("/draft/"), Some(&None));
    assert_eq!(lastmod.get("/compare/"), Some(&None));
    // ladder.json: levels and areas.
    let updated = |id: &str, d: &str| (id.to_string(), Some(d.to_string()));
    assert_eq!(
        json_updated(&site),
        [
            updated("apprentice", "2026-01-05"),
            updated("practitioner", "2026-01-05"),
            updated("expert", "2026-03-10"),
            updated("maitre", "2026-01-05"),
            updated("testing", "2026-03-10"),
            updated("mentoring", "2026-01-05"),
            updated("observability", "2026-01-05"),
        ]
    );
    crate::publish::validate_against_schema(&site);
    // The printable ladder: HEAD's date on the cover and every printed page.
    let print = site.page("print/index.html");
    assert_eq!(
        print_date(&print),
        Some(("2026-03-10".into(), "As of 2026-03-10".into()))
    );
    let head = running_head(&print);
    assert!(
        head.contains(&format!("As of {} \\B7 ", css_date("2026-03-10"))),
        "{head}"
    );

    // An uncommitted edit keeps the commit's date; committing it moves the date.
    let apprentice = site
        .read("content/levels/apprentice.md")
        .replace("Asks for help early", "Asks for help early and often");
    site.write("content/levels/apprentice.md", &apprentice);
    site.build_ok();
    assert_eq!(
        updated_of(&site, "levels/apprentice/index.html").as_deref(),
        Some("2026-01-05")
    );
    commit(site.root(), "third", "2026-04-20T08:00:00Z", None);
    site.build_ok();
    assert_eq!(
        dates(
            &site,
            &["levels/apprentice/index.html", "levels/expert/index.html"]
        ),
        expect(&[
            ("levels/apprentice/index.html", Some("2026-04-20")),
            ("levels/expert/index.html", mar),
        ])
    );
    assert_eq!(
        print_date(&site.page("print/index.html")).map(|d| d.0),
        Some("2026-04-20".into())
    );
}

fn updated_of(site: &Site, page: &str) -> Option<String> {
    updated(&site.page(page))
}

#[test]
fn outside_git_there_is_no_date_anywhere() {
    let site = Site::fixture("small-ladder");
    site.write("content/pages/faq.md", FAQ);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for page in PAGES {
        let html = site.page(page);
        assert_eq!(updated(&html), None, "{page}");
        assert!(html.select(&sel("time")).next().is_none(), "{page}");
    }
    assert!(lastmods(&site).values().all(Option::is_none));
    assert!(!site.read("public/sitemap.xml").contains("lastmod"));
    assert!(json_updated(&site).iter().all(|(_, d)| d.is_none()));
    let print = site.page("print/index.html");
    assert_eq!(print_date(&print), None);
    assert!(print.select(&sel(".print-cover__date")).next().is_none());
    assert!(!running_head(&print).contains("As of"));
}

#[test]
fn a_shallow_clone_dates_only_what_changed_in_its_history_and_warns_once() {
    let origin = dated_site();
    let testing = origin
        .read("content/areas/testing.md")
        .replace("Designs test suites", "Designs the test suites");
    origin.write("content/areas/testing.md", &testing);
    commit(origin.root(), "third", "2026-04-20T08:00:00Z", None);
    // Two commits: the third, and the second at the boundary (its changes cannot be seen).
    let clone = Site::empty();
    let url = format!("file://{}", origin.root().display());
    git(clone.root(), &["clone", "-q", "--depth", "2", &url, "."]);
    let run = clone.build_ok();
    assert_eq!(
        dates(&clone, &PAGES[..9]),
        expect(&[
            ("index.html", None),
            ("levels/apprentice/index.html", None),
            ("levels/practitioner/index.html", None),
            ("levels/expert/index.html", None),
            ("levels/maitre/index.html", None),
            ("areas/testing/index.html", Some("2026-04-20")),
            ("areas/mentoring/index.html", None),
            ("areas/observability/index.html", None),
            ("faq/index.html", None),
        ])
    );
    let warning = "content/site.yaml:1:1: warning: 8 pages have no \"last updated\" date: the repository is a shallow clone and their files did not change in the history it holds";
    assert_eq!(run.stderr.matches(warning).count(), 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("`fetch-depth: 0`"), "{}", run.stderr);
    // HEAD itself is there: the printable ladder has its date.
    assert_eq!(
        print_date(&clone.page("print/index.html")).map(|d| d.0),
        Some("2026-04-20".into())
    );
    // `check` reads git the same way: the same warning.
    let check = clone.rungs(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(check.stderr.matches(warning).count(), 1, "{}", check.stderr);

    // One commit: nothing can be dated.
    let one = Site::empty();
    git(one.root(), &["clone", "-q", "--depth", "1", &url, "."]);
    let run = one.build_ok();
    assert!(
        dates(&one, &PAGES[..9]).iter().all(|(_, d)| d.is_none()),
        "no dates"
    );
    assert!(
        run.stderr.contains(
            "warning: 9 pages have no \"last updated\" date: the repository is a shallow clone"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn last_updated_false_turns_the_page_dates_off() {
    let site = dated_site();
    let yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &yaml.replace("base_url: /\n", "base_url: /\nlast_updated: false\n"),
    );
    commit(site.root(), "off", "2026-05-01T10:00:00Z", None);
    site.build_ok();
    for page in PAGES {
        assert_eq!(updated_of(&site, page), None, "{page}");
    }
    assert!(!site.read("public/sitemap.xml").contains("lastmod"));
    assert!(json_updated(&site).iter().all(|(_, d)| d.is_none()));
    // The printable ladder keeps HEAD's date.
    assert_eq!(
        print_date(&site.page("print/index.html")).map(|d| d.0),
        Some("2026-05-01".into())
    );
    // A shallow clone has nothing to warn about.
    let clone = Site::empty();
    let url = format!("file://{}", site.root().display());
    git(clone.root(), &["clone", "-q", "--depth", "1", &url, "."]);
    let run = clone.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    // Anything but a boolean is an error at its place.
    site.write(
        "content/site.yaml",
        &yaml.replace("base_url: /\n", "base_url: /\nlast_updated: sometimes\n"),
    );
    let run = site.rungs(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/site.yaml:4:15: error:"),
        "{}",
        run.stderr
    );
}

#[test]
fn tracks_homes_and_the_printed_version_carry_dates_too() {
    // ladder-v1 (2026-01-05), v2 (2026-03-05) and v3 (2026-06-05, HEAD).
    let site = three_versions();
    site.build_ok();
    assert_eq!(
        dates(
            &site,
            &[
                "ic/index.html",
                "mgr/index.html",
                "ic/levels/engineer/index.html",
                "ic/levels/lead/index.html",
                "ic/areas/testing/index.html",
                "ic/compare/index.html",
            ]
        ),
        expect(&[
            ("ic/index.html", Some("2026-01-05")),
            ("mgr/index.html", Some("2026-06-05")),
            ("ic/levels/engineer/index.html", Some("2026-03-05")),
            ("ic/levels/lead/index.html", Some("2026-06-05")),
            ("ic/areas/testing/index.html", Some("2026-06-05")),
            ("ic/compare/index.html", None),
        ])
    );
    // With versions: the version and the date, on the cover and every printed page.
    let print = site.page("ic/print/index.html");
    assert_eq!(
        print_date(&print),
        Some((
            "2026-06-05".into(),
            "Version ladder-v3 · As of 2026-06-05".into()
        ))
    );
    let head = running_head(&print);
    assert!(
        head.contains(&format!(
            "Version ladder\\2D v3 \\B7  As of {} \\B7 ",
            css_date("2026-06-05")
        )),
        "{head}"
    );
    // After the newest version, the version line holds HEAD's date: not said twice.
    site.write(
        "content/tracks/mgr/_index.md",
        "---\ntitle: Management\nshort: Mgmt\nweight: 3\ncategories: [people]\n---\n",
    );
    commit(site.root(), "later", "2026-08-01T10:00:00Z", None);
    site.build_ok();
    let print = site.page("ic/print/index.html");
    let cover = print_date(&print);
    assert_eq!(cover.as_ref().map(|c| c.0.as_str()), None, "{cover:?}");
    let line = print
        .select(&sel(".print-cover__date"))
        .next()
        .map(|l| normalize(&text(l)));
    assert!(
        line.as_deref().is_some_and(
            |l| l.starts_with("Version ladder-v3 + 1 change (") && l.ends_with(", 2026-08-01)")
        ),
        "{line:?}"
    );
    let head = running_head(&print);
    assert!(!head.contains("As of"), "{head}");
    assert_eq!(
        updated_of(&site, "mgr/index.html").as_deref(),
        Some("2026-08-01")
    );
}

#[test]
fn serve_keeps_the_dates_until_head_moves() {
    use crate::support::serve::ServeProcess;
    const WAIT: Duration = Duration::from_secs(15);
    let site = dated_site();
    let server = ServeProcess::start(site.root());
    let date_of = |path: &str| updated(&Html::parse_document(&server.get(path).body));
    assert_eq!(date_of("/levels/expert/").as_deref(), Some("2026-03-10"));
    assert_eq!(
        date_of("/levels/apprentice/").as_deref(),
        Some("2026-01-05")
    );
    let mut events = server.events();
    // An edit: rebuilt, the date is the last commit's.
    let apprentice = site
        .read("content/levels/apprentice.md")
        .replace("Asks for help early", "Asks for help early and often");
    site.write("content/levels/apprentice.md", &apprentice);
    assert_eq!(events.next_event(WAIT).expect("a reload").name, "reload");
    assert_eq!(
        date_of("/levels/apprentice/").as_deref(),
        Some("2026-01-05")
    );
    // Committed, then another edit: HEAD moved, the dates follow it.
    commit(site.root(), "third", "2026-04-20T08:00:00Z", None);
    let expert = site
        .read("content/levels/expert.yml")
        .replace("Keeps complexity low", "Keeps complexity very low");
    site.write("content/levels/expert.yml", &expert);
    let mut event = events.next_event(WAIT).expect("a reload");
    // A commit may itself be seen as a change: wait for the rebuild with the edit.
    while !server.get("/levels/expert/").body.contains("very low") {
        event = events.next_event(WAIT).expect("a reload");
    }
    assert_eq!(event.name, "reload");
    assert_eq!(
        date_of("/levels/apprentice/").as_deref(),
        Some("2026-04-20")
    );
    assert_eq!(date_of("/levels/expert/").as_deref(), Some("2026-03-10"));
}
