//! Themes: a one-template override changes only the pages that use it; template errors name
//! the template file and line.

use crate::support::*;

#[test]
fn one_template_override_changes_only_its_pages() {
    let plain = Site::fixture("small-ladder");
    plain.build_ok();
    let themed = Site::fixture("small-ladder");
    let config = themed
        .read("content/site.yaml")
        .replace("language: en", "language: en\ntheme: mine");
    themed.write("content/site.yaml", &config);
    themed.write(
        "themes/mine/templates/level.html",
        "{% extends \"default/level.html\" %}{% block level_header %}<h1 class=\"mine\">{{ level.short }}!</h1>{% endblock level_header %}",
    );
    themed.build_ok();
    let page = themed.page("levels/expert/index.html");
    assert_eq!(texts(&page, "h1.mine"), ["Expert!"]);
    // The rest of the level page still comes from the default theme.
    assert_eq!(texts(&page, "section.category h3").len(), 3);
    let (a, b) = (plain.snapshot(), themed.snapshot());
    for (path, bytes) in &a {
        let is_level = path.starts_with("levels");
        assert_eq!(
            b.get(path) != Some(bytes),
            is_level,
            "{} changed: {}",
            path.display(),
            !is_level
        );
    }
}

#[test]
fn static_files_are_overridden_file_by_file() {
    let site = Site::fixture("small-ladder");
    site.write("themes/default/static/rungs.css", "body { color: red }");
    site.write("themes/default/static/extra/logo.svg", "<svg/>");
    site.build_ok();
    assert_eq!(
        std::fs::read_to_string(site.public().join("rungs.css")).unwrap(),
        "body { color: red }"
    );
    assert!(site.public().join("extra/logo.svg").exists());
    assert!(site.public().join("rungs.js").exists());
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let before = site.snapshot();
    site.write(
        "themes/default/templates/area.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ area.title \n{% endblock content %}\n",
    );
    let r = site.rungs(&["build"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.lines().any(
            |l| l.starts_with("themes/default/templates/area.html:4:1: error: template error:")
        ),
        "{}",
        r.stderr
    );
    assert_eq!(
        site.snapshot(),
        before,
        "a template error leaves the previous output as it was"
    );
}

#[test]
fn unknown_theme_is_an_error() {
    let site = Site::fixture("small-ladder");
    let config = site
        .read("content/site.yaml")
        .replace("language: en", "language: en\ntheme: nosuch");
    site.write("content/site.yaml", &config);
    let r = site.rungs(&["build"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("theme `nosuch` not found"),
        "{}",
        r.stderr
    );
}
