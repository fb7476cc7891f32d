//! Deeper link checks: `#fragment` links must name an id of their target page.

use crate::support::{Site, without_excerpts};

/// The first lines of the report of `rungs check`, without excerpts.
fn check_errors(site: &Site) -> (i32, String) {
    let r = site.rungs(&["check"]);
    (r.code, without_excerpts(&r.stderr))
}

#[test]
fn fragments_of_internal_links_must_exist_on_their_target_page() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/levels/apprentice.md",
        "---\ntitle: Apprentice\nrank: 10\ncompetencies:\n  craft:\n    - Learns [testing](../areas/testing.md#at-expert)\n---\n\
## Reading list\n\n\
Fine: [notes](practitioner.yaml#notes), [craft](practitioner.yaml#craft), [list](#reading-list),\n\
[top](#top) and [rows](../areas/mentoring.yaml#at-maitre).\n\n\
Broken: [x](practitioner.yaml#note) and [y](#missing).\n\n\
And [z](expert.yml#zzz-nothing-like-it).\n",
    );
    let (code, report) = check_errors(&site);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        report,
        [
            "content/levels/apprentice.md:13:9: error: link to `practitioner.yaml#note`: its target page has no id `note`",
            "  = did you mean `notes`?",
            "content/levels/apprentice.md:13:41: error: link to `#missing`: this page has no id `missing`",
            "  = expected one of the page's ids: areas, compare, competencies, content, craft, details, expectations, expectations-caption, growth-areas, growth-areas-caption, introduction, levels, …",
            "content/levels/apprentice.md:15:5: error: link to `expert.yml#zzz-nothing-like-it`: its target page has no id `zzz-nothing-like-it`",
            "  = expected one of the page's ids: areas, collaboration, compare, competencies, content, craft, details, expectations, expectations-caption, growth-areas, growth-areas-caption, introduction, …",
            "3 errors",
            "",
        ]
        .join("\n")
    );
}

#[test]
fn a_fragment_in_a_yaml_field_is_reported_at_its_value() {
    let site = Site::fixture("small-ladder");
    let level = site.read("content/levels/practitioner.yaml").replace(
        "summary: Delivers features on their own.",
        "summary: Delivers [features](#featurs) on their own.",
    );
    site.write("content/levels/practitioner.yaml", &level);
    let (code, report) = check_errors(&site);
    assert_eq!(code, 1);
    assert!(
        report.starts_with(
            "content/levels/practitioner.yaml:3:10: error: link to `#featurs`: this page has no id `featurs`\n"
        ),
        "{report}"
    );
    let build = site.rungs(&["build"]);
    assert_eq!(build.code, 1, "build must fail too");
}

#[test]
fn files_of_content_static_are_published_and_linked_from_any_depth() {
    let site = Site::fixture("small-ladder");
    site.write_bytes("content/static/img/logo.png", b"\x89PNG fake");
    site.write("content/static/values.html", "<p>values</p>");
    site.write("content/static/.secret", "hidden");
    let index = site.read("content/_index.md").replace(
        "## How to read it",
        "![logo](static/img/logo.png) and our [values](static/values.html#team).\n\n## How to read it",
    );
    site.write("content/_index.md", &index);
    let level = site.read("content/levels/apprentice.md").replace(
        "## Day to day",
        "![logo](../static/img/logo.png)\n\n## Day to day",
    );
    site.write("content/levels/apprentice.md", &level);
    site.build_ok();
    assert_eq!(
        std::fs::read(site.public().join("img/logo.png")).unwrap(),
        b"\x89PNG fake"
    );
    assert!(site.public().join("values.html").is_file());
    assert!(!site.public().join(".secret").exists());
    let home = std::fs::read_to_string(site.public().join("index.html")).unwrap();
    assert!(home.contains("src=\"./img/logo.png\""), "{home}");
    assert!(home.contains("href=\"./values.html#team\""), "{home}");
    let level =
        std::fs::read_to_string(site.public().join("levels/apprentice/index.html")).unwrap();
    assert!(level.contains("src=\"../../img/logo.png\""), "{level}");
    // Nothing of content/static/ is read as a source.
    let r = site.rungs(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("ignored"), "{}", r.stderr);
}

#[test]
fn links_to_files_outside_content_static_are_errors_naming_the_link() {
    let site = Site::fixture("small-ladder");
    site.write_bytes("content/static/logo.png", b"png");
    let index = site.read("content/_index.md").replace(
        "## How to read it",
        "See [values](values.html) and ![logo](logo.png).\n\n## How to read it",
    );
    site.write("content/_index.md", &index);
    let (code, report) = check_errors(&site);
    assert_eq!(code, 1);
    assert_eq!(
        report,
        [
            "content/_index.md:10:5: error: link to `values.html`, which is no file of content/static/",
            "  = expected a file of content/static/ (published at the same path under the site root), linked by its path from this file, such as `../static/logo.png` from a level; or an http(s) URL",
            "content/_index.md:10:31: error: link to `logo.png`, which is no file of content/static/",
            "  = did you mean `static/logo.png`?",
            "2 errors",
            "",
        ]
        .join("\n")
    );
}

#[test]
fn a_static_file_that_clashes_with_a_generated_path_is_an_error_naming_it() {
    let site = Site::fixture("small-ladder");
    site.write("content/static/sitemap.xml", "<urlset/>");
    site.write("content/static/levels/apprentice/index.html", "x");
    let r = site.rungs(&["build"]);
    assert_eq!(r.code, 1);
    let report = without_excerpts(&r.stderr);
    assert!(
        report.contains(
            "content/static/levels/apprentice/index.html:1:1: error: this static file would overwrite the generated file `levels/apprentice/index.html`"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "content/static/sitemap.xml:1:1: error: this static file would overwrite the generated file `sitemap.xml`"
        ),
        "{report}"
    );
    assert!(!site.public().exists());
}

#[test]
fn a_broken_fragment_is_found_whichever_single_source_links_it() {
    // The fragment check is skipped when no source links a fragment: each kind of source
    // must count as linking one. The fixture's one fragment link is taken out first; then
    // one source at a time gets a broken one, in its Markdown body or its summary.
    let summary = |text: String| -> String {
        let start = text.find("summary:").unwrap_or_default();
        let end = start + text[start..].find('\n').unwrap_or_default();
        format!(
            "{}summary: \"Voir [x](#nulle-part).\"{}",
            &text[..start],
            &text[end..]
        )
    };
    let body =
        |text: String| text.replacen("**Filière**", "Voir [x](#nulle-part).\n\n**Filière**", 1);
    let cases: [(&str, &dyn Fn(String) -> String); 4] = [
        ("content/pages/glossaire.md", &body),
        ("content/tracks/sre/_index.md", &summary),
        ("content/tracks/sre/levels/sre1.md", &summary),
        ("content/tracks/sre/areas/astreinte.yaml", &summary),
    ];
    for (file, edit) in cases {
        let site = Site::fixture("multi-track");
        let promotion = site
            .read("content/pages/promotion.md")
            .replace("ic3.md#technique", "ic3.md");
        site.write("content/pages/promotion.md", &promotion);
        assert_eq!(
            site.rungs(&["check"]).code,
            0,
            "the fixture without fragments"
        );
        let edited = edit(site.read(file));
        assert!(edited.contains("#nulle-part"), "{file}");
        site.write(file, &edited);
        let (code, report) = check_errors(&site);
        assert_eq!(code, 1, "{file}: {report}");
        assert!(
            report.contains("error: link to `#nulle-part`: this page has no id `nulle-part`"),
            "{file}: {report}"
        );
        assert!(report.starts_with(file), "{file}: {report}");
    }
}

#[test]
fn a_relative_link_with_a_colon_in_its_path_is_checked_like_any_other() {
    // `a/b:c.md` and `./x:y.png` are relative paths (no scheme: the URL standard's scheme
    // ends at the first `:` and holds no `/` or `.` first), so they must name a file.
    let site = Site::fixture("small-ladder");
    let index = site.read("content/_index.md").replace(
        "## How to read it",
        "See [a](levels/b:c.md) and [b](./x:y.png) and [mail](mailto:a@b.org).\n\nKept as written: [abs](/elsewhere/page.md), ![abs](/img/x.png), [q](?a:b), [f](#introduction).\n\n## How to read it",
    );
    site.write("content/_index.md", &index);
    let (code, report) = check_errors(&site);
    assert_eq!(code, 1, "{report}");
    let lines: Vec<&str> = report.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        lines,
        [
            "content/_index.md:10:5: error: link to `levels/b:c.md`, which does not exist",
            "content/_index.md:10:28: error: link to `./x:y.png`, which is no file of content/static/",
        ],
        "{report}"
    );
    // Absolute paths, queries and fragments are not files of the site: no error, and the
    // page keeps them as written.
    site.write(
        "content/_index.md",
        &site.read("content/_index.md").replace(
            "See [a](levels/b:c.md) and [b](./x:y.png) and [mail](mailto:a@b.org).",
            "",
        ),
    );
    site.build_ok();
    let home = site.page("index.html");
    let hrefs: Vec<&str> = home
        .select(&crate::support::sel(
            "#introduction a:not(.heading-anchor), #introduction img",
        ))
        .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
        .collect();
    for kept in ["/elsewhere/page.md", "/img/x.png", "?a:b", "#introduction"] {
        assert!(hrefs.contains(&kept), "{kept}: {hrefs:?}");
    }
}
