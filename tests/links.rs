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
            "  = expected one of the page's ids: areas, compare, competencies, content, craft, details, expectations, growth-areas, introduction, levels, main, reading-list, …",
            "content/levels/apprentice.md:15:5: error: link to `expert.yml#zzz-nothing-like-it`: its target page has no id `zzz-nothing-like-it`",
            "  = expected one of the page's ids: areas, collaboration, compare, competencies, content, craft, details, expectations, growth-areas, introduction, leadership, levels, …",
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
