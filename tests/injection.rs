//! No active HTML from content: a ladder whose every field carries script, attribute,
//! URL-scheme, heading-id and control-character payloads builds into pages with no script
//! but the theme's, no event-handler attribute, no URL of another scheme and no control
//! character, and into exports that stay well-formed. Raw HTML in bodies is shown as typed
//! unless site.yaml says `unsafe_html: true`.

use crate::support::*;
use scraper::Html;
use std::path::Path;

/// Every payload, one per line of a block field (so the heading one is a heading).
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "<javascript:alert(1)>",
    "![i](data:text/html;base64,PHNjcmlwdD4=)",
    "# h {#q\"onmouseover=alert(3)//}",
    "\u{0}\u{1b}\u{7}",
];

/// All payloads on one line, for titles and other one-line fields.
fn line(prefix: &str) -> String {
    format!("{prefix} {}", PAYLOADS.join(" "))
}

/// All payloads as blocks, for bodies and block fields.
fn blocks(prefix: &str) -> String {
    format!("{prefix}\n\n{}\n", PAYLOADS.join("\n\n"))
}

/// A YAML double-quoted scalar (JSON strings are YAML): escapes control characters.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

/// A site whose every field carries the payloads; `extra` is added to site.yaml.
fn hostile_site(extra: &str) -> Site {
    let site = Site::fixture("small-ladder");
    for rel in [
        "content/_index.md",
        "content/levels/apprentice.md",
        "content/levels/expert.yml",
        "content/levels/maitre.md",
        "content/levels/practitioner.yaml",
        "content/areas/mentoring.yaml",
        "content/areas/observability.yml",
        "content/areas/testing.md",
    ] {
        site.remove(rel);
    }
    site.write(
        "content/site.yaml",
        &format!(
            "title: {}\ndescription: {}\nlanguage: {}\n{extra}categories:\n  - id: craft\n    title: {}\n    description: {}\n  - id: scope\n    title: {}\n",
            q(&line("Site")),
            q(&line("Description")),
            q(&line("en")),
            q(&line("Craft")),
            q(&line("Craft description")),
            q(&line("Scope")),
        ),
    );
    site.write(
        "content/_index.md",
        &format!(
            "---\ntitle: {}\nlevels_title: {}\nareas_title: {}\nlevels_intro: {}\nareas_intro: {}\nconclusion: {}\n---\n{}",
            q(&line("Home")),
            q(&line("Levels")),
            q(&line("Areas")),
            q(&blocks("Levels intro")),
            q(&blocks("Areas intro")),
            q(&blocks("Conclusion")),
            blocks("Home body"),
        ),
    );
    for (id, rank) in [("one", 1), ("two", 2)] {
        site.write(
            &format!("content/levels/{id}.md"),
            &format!(
                "---\ntitle: {}\nshort: {}\nrank: {rank}\nsummary: {}\ncompetencies:\n  craft:\n    - {}\n    - {}\n  scope:\n    - {}\ntransition: {}\n---\n{}",
                q(&line(&format!("Level {id}"))),
                q(&line(&format!("L{id}"))),
                q(&line("Summary")),
                q(&line("Competency")),
                q(&blocks("Competency block")),
                q(&line(&format!("Scope {id}"))),
                q(&blocks("Transition")),
                blocks("Level body"),
            ),
        );
    }
    site.write(
        "content/levels/three.yaml",
        &format!(
            "title: {}\nrank: 3\nsummary: {}\nbody: {}\n",
            q(&line("Level three")),
            q(&line("Summary")),
            q(&blocks("Yaml body")),
        ),
    );
    site.write(
        "content/areas/hostile.yaml",
        &format!(
            "title: {}\nsummary: {}\nexpectations:\n  one: {}\n  two: {}\n  three: {}\nbody: {}\n",
            q(&line("Area")),
            q(&line("Area summary")),
            q(&line("Expect one")),
            q(&blocks("Expect two")),
            q(&line("Expect one")),
            q(&blocks("Area body")),
        ),
    );
    site.write(
        "content/areas/md-area.md",
        &format!(
            "---\ntitle: {}\nexpectations:\n  two: {}\n---\n{}",
            q(&line("Md area")),
            q(&line("Expect")),
            blocks("Md area body"),
        ),
    );
    site
}

/// The scheme of a URL as a browser reads it (surrounding spaces and controls ignored, tabs
/// and newlines removed), lowercased; `None` for a relative reference.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| candidate.to_ascii_lowercase())
}

/// A control character that must not appear in any output file.
fn is_bad_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The one inline script of the default theme (in `<head>`: marks the page as scripted and
/// applies the reader's light or dark choice before the page is drawn), byte for byte:
/// nothing of the content is in it.
const THEME_INLINE_SCRIPT: &str = r#"document.documentElement.classList.add("js");try{var t=localStorage.getItem("rungs-theme");if(t==="dark"||t==="light")document.documentElement.setAttribute("data-theme",t)}catch(e){}"#;

/// Every problem of one HTML page: scripts other than the theme's, event-handler attributes,
/// URLs of other schemes, embedded content.
fn active_content(path: &Path, html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    let at = path.display();
    for script in doc.select(&sel("script")) {
        if script.value().attr("src").is_none() && script.inner_html() == THEME_INLINE_SCRIPT {
            continue;
        }
        let src = script.value().attr("src").unwrap_or("");
        let mut rest = src
            .strip_prefix("./")
            .or(src.strip_prefix('/'))
            .unwrap_or(src);
        while let Some(r) = rest.strip_prefix("../") {
            rest = r;
        }
        if rest != "rungs.js" {
            found.push(format!("{at}: script {:?}", script.html()));
        }
    }
    for tag in [
        "img",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "base",
        "form[action]",
    ] {
        for el in doc.select(&sel(tag)) {
            found.push(format!("{at}: element {:?}", el.html()));
        }
    }
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            let name = name.to_ascii_lowercase();
            if name.starts_with("on") {
                found.push(format!("{at}: attribute {name}={value:?}"));
            }
            let is_url = matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "poster" | "data" | "xlink:href"
            );
            if is_url
                && let Some(s) = scheme(value)
                && !matches!(s.as_str(), "http" | "https" | "mailto")
            {
                found.push(format!("{at}: {name}={value:?}"));
            }
        }
    }
    found
}

/// The fields of a CSV text (RFC 4180), row by row.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted CSV field");
    assert!(
        field.is_empty() && row.is_empty(),
        "CSV must end with a line break"
    );
    rows
}

#[test]
fn payloads_in_every_field_build_into_pages_without_active_content() {
    let site = hostile_site("");
    let run = site.build_ok();
    let files = site.snapshot();
    let mut problems = Vec::new();
    let mut pages = 0;
    for (path, bytes) in &files {
        let text = String::from_utf8(bytes.clone()).expect("every output file is UTF-8");
        if let Some((i, c)) = text.char_indices().find(|&(_, c)| is_bad_control(c)) {
            problems.push(format!("{}: control {c:?} at byte {i}", path.display()));
        }
        if path.extension().is_some_and(|e| e == "html") {
            pages += 1;
            problems.extend(active_content(path, &text));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(
        pages, 16,
        "home, 404, 3 levels, 2 areas, compare, 3 pairs, print, self-assessment chooser, 3 checklists"
    );

    // The payloads are shown as typed, control characters as U+FFFD.
    let shown = |s: &str| s.replace(is_bad_control, "\u{FFFD}");
    let home = site.page("index.html");
    assert_eq!(
        texts(&home, "title"),
        [normalize(&shown(&line("Site")))],
        "the site title, escaped"
    );
    assert_eq!(
        texts(&home, ".page-header h1"),
        [normalize(&shown(&line("Home")))]
    );
    let level = site.page("levels/one/index.html");
    assert_eq!(
        texts(&level, ".page-header h1"),
        [normalize(&shown(&line("Level one")))]
    );
    assert_eq!(texts(&level, "#craft"), [normalize(&shown(&line("Craft")))]);
    // Blocks escape raw HTML by default: the script tag reads as text.
    let details = level.select(&sel("#details")).next().expect("body");
    assert!(
        text(details).starts_with("Level body <script>alert(1)</script> \"><img"),
        "{}",
        text(details)
    );
    // Links with another scheme keep their text; the data: image its alt text.
    assert_eq!(details.select(&sel("a:not(.heading-anchor)")).count(), 0);
    assert!(texts(&level, "#details p").iter().any(|t| t == "x"));
    assert!(texts(&level, "#details p").iter().any(|t| t == "i"));
    assert!(
        texts(&level, "#details p")
            .iter()
            .any(|t| t == "javascript:alert(1)")
    );
    // The explicit heading id keeps only safe characters, in the tag and its anchor (the
    // competency and the transition above took the id and its first variant).
    let heading = details.select(&sel("h1")).next().expect("body heading");
    assert_eq!(heading.value().attr("id"), Some("qonmouseoveralert3-2"));
    let anchor = heading
        .select(&sel("a.heading-anchor"))
        .next()
        .expect("anchor");
    assert_eq!(anchor.value().attr("href"), Some("#qonmouseoveralert3-2"));
    assert_eq!(heading.value().attrs().count(), 1, "{}", heading.html());

    // Each dropped URL is a warning at its place.
    assert!(
        without_excerpts(&run.stderr).contains(
            "content/levels/one.md:20:1: warning: link to `javascript:alert(1)` left out: \
             its text is kept without the link\n  = expected an http, https or mailto URL, \
             a relative path or a #fragment"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/levels/one.md:28:1: warning: image to `data:text/html;base64,PHNjcmlwdD4=` \
             left out: its alt text is shown instead"
        ),
        "{}",
        run.stderr
    );

    // Exports stay well-formed and keep the text exactly as written.
    let json: serde_json::Value =
        serde_json::from_slice(&files[Path::new("ladder.json")]).expect("ladder.json parses");
    assert_eq!(json["site"]["title"], line("Site"));
    assert_eq!(json["levels"][0]["title"], line("Level one"));
    let index: serde_json::Value = serde_json::from_slice(&files[Path::new("search-index.json")])
        .expect("search-index.json parses");
    assert_eq!(index["pages"][0]["title"], line("Level one"));
    let csv = parse_csv(&String::from_utf8_lossy(&files[Path::new("ladder.csv")]));
    assert!(csv.len() > 5);
    assert!(csv.iter().all(|row| row.len() == 8), "{csv:#?}");
    assert_eq!(csv[1][2], shown(&line("Level one")));
    let sitemap = String::from_utf8_lossy(&files[Path::new("sitemap.xml")]).into_owned();
    let locs: Vec<&str> = sitemap
        .lines()
        .filter_map(|l| l.strip_prefix("  <url><loc>"))
        .map(|l| l.strip_suffix("</loc></url>").expect("one <loc> per line"))
        .collect();
    assert_eq!(locs.len(), 15, "{sitemap}");
    assert!(
        locs.iter().all(|l| !l.contains(['<', '>', '"'])),
        "{sitemap}"
    );
}

#[test]
fn unsafe_html_true_lets_raw_html_through_bodies_only() {
    let site = Site::fixture("small-ladder");
    let body = "<b>bold</b> <script>alert(1)</script>\n";
    site.write(
        "content/levels/apprentice.md",
        &format!("---\ntitle: Apprentice\nrank: 1\nsummary: \"<b>inline</b>\"\n---\n{body}"),
    );
    site.build_ok();
    let escaped = site.page("levels/apprentice/index.html");
    assert_eq!(escaped.select(&sel("#details b")).count(), 0);
    assert_eq!(
        texts(&escaped, "#details p"),
        ["<b>bold</b> <script>alert(1)</script>"]
    );

    let yaml = site.read("content/site.yaml");
    site.write("content/site.yaml", &format!("unsafe_html: true\n{yaml}"));
    site.build_ok();
    let raw = site.page("levels/apprentice/index.html");
    assert_eq!(texts(&raw, "#details b"), ["bold"]);
    assert_eq!(raw.select(&sel("#details script")).count(), 1);
    // Inline fields always show raw HTML as typed.
    assert_eq!(raw.select(&sel(".lead b")).count(), 0);
    assert_eq!(texts(&raw, ".lead"), ["<b>inline</b>"]);
}

#[test]
fn del_and_c1_characters_are_escaped_in_the_json_exports() {
    let site = Site::fixture("small-ladder");
    let config = site.read("content/site.yaml").replacen(
        "title: \"Ladder <Test> & Co — Ünïcödé\"",
        "title: \"T\\x7fdel\\x9bcsi\\x85nel\"",
        1,
    );
    site.write("content/site.yaml", &config);
    let level = site.read("content/levels/expert.yml");
    site.write(
        "content/levels/expert.yml",
        &level.replacen("short: Expert", "short: \"Ex\\x9bpert\"", 1),
    );
    site.build_ok();
    for file in ["ladder.json", "search-index.json"] {
        let text = std::fs::read_to_string(site.public().join(file)).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
            "{file} has a raw control character"
        );
        assert!(text.contains("\\u009b"), "{file}");
        let _: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
    }
}

#[test]
fn a_line_break_in_a_link_never_starts_a_line_of_the_report() {
    let site = Site::fixture("small-ladder");
    let level = site.read("content/levels/apprentice.md");
    site.write(
        "content/levels/apprentice.md",
        &format!(
            "{level}\n[x](java&#x0A;script:a//&#x0A;content/levels/fake.md:1:1:error:fake)\n\n[y](gone&#x0A;content/levels/fake.md)\n"
        ),
    );
    let run = site.rungs(&["check"]);
    assert_eq!(
        run.code, 1,
        "the missing link target is an error: {}",
        run.stderr
    );
    assert!(
        !run.stderr
            .lines()
            .any(|l| l.starts_with("content/levels/fake.md")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: link to `java\u{FFFD}script:a//\u{FFFD}content/levels/fake.md:1:1:error:fake` left out"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: link to `gone\u{FFFD}content/levels/fake.md`, which does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_line_break_in_a_quoted_key_or_value_never_starts_a_line_of_the_report() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/levels/apprentice.md",
        "---\ntitle: Apprentice\nrank: 10\ncompetencies:\n  \"craft\\ncontent/levels/fake.md:1:1: error: spoofed\":\n    - a\n  craft:\n    - text: b\n      thread: \"t\\rcontent/levels/fake.md:2:2: error: spoofed\"\n---\n",
    );
    let run = site.rungs(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stderr.lines().any(|l| l.contains("fake.md")
            && !l.starts_with("content/levels/apprentice.md:")
            && !l.contains(" | ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/levels/apprentice.md:5:3: error: unknown category `craft\u{FFFD}content/levels/fake.md:1:1: error: spoofed`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "`t\u{FFFD}content/levels/fake.md:2:2: error: spoofed` is not a valid thread id"
        ),
        "{}",
        run.stderr
    );
}
