//! Raw sources → validated [`Ladder`]: every rule of the content contract, every problem at
//! once, with "did you mean" where a likely intended name exists.
//!
//! Pure: takes the configuration and the read sources, returns the ladder or diagnostics.
//! Each source is parsed into its kind's raw document ([`Parsed`]`<`[`RawLevel`]`>` …), then
//! built into the model. Markdown is rendered here, through [`FieldRenderer`], because a
//! broken link between sources is a validation error that must carry its file position.
//! Unchanged growth areas come from the [`AreaCache`] when `serve` keeps one.

use crate::config::{SITE_CONFIG_PATH, SiteConfig};
use crate::content::area_cache::{AreaCache, CachedArea, context_fingerprint};
use crate::content::fields::FieldRenderer;
use crate::content::markdown::LinkTargets;
use crate::content::model::{Area, Intro, Ladder, Level};
use crate::content::raw::{RawArea, RawDocument, RawIndex, RawLevel};
use crate::content::routes::{self, HOME_URL, area_row_id, area_url, level_url};
use crate::content::source::{Source, SourceKind};
use crate::diag::{Diagnostic, Diagnostics, Location, unknown_name};
use crate::text::is_slug;
use crate::yaml::{self, Seg, Target};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// A source parsed into the raw document of its kind: a `Parsed<RawLevel>` is a level file
/// whose YAML had the shape of a level.
pub(crate) struct Parsed<T> {
    /// The file, for locating problems and rendering its body.
    pub(crate) source: Source,
    /// Its YAML, as written.
    pub(crate) raw: T,
}

/// Validates the sources against the configuration.
///
/// Returns the ladder when no error was found, and every diagnostic (errors and warnings).
/// With a `cache`, unchanged area files reuse their previous results and the cache is
/// updated for the next call.
pub(crate) fn validate(
    site: SiteConfig,
    sources: Vec<Source>,
    cache: Option<&mut AreaCache>,
) -> (Option<Ladder>, Diagnostics) {
    let mut diags = Diagnostics::new();
    // Link targets and known level ids come from every file, parsed or not: a level with a
    // YAML error must not also make every link and expectation that names it an error.
    let mut targets = LinkTargets::default();
    let mut known_level_ids: Vec<String> = Vec::new();
    let mut paths: Vec<String> = Vec::with_capacity(sources.len());
    for s in &sources {
        paths.push(s.content_path.clone());
        match s.kind {
            SourceKind::Index => targets.insert(&s.content_path, HOME_URL),
            SourceKind::Level => {
                targets.insert(&s.content_path, &level_url(None, &s.id));
                known_level_ids.push(s.id.clone());
            }
            SourceKind::Area => targets.insert(&s.content_path, &area_url(None, &s.id)),
        }
    }
    paths.sort_unstable();

    // One file per id: the first in path order wins, later ones are errors.
    let mut first_by_id: HashMap<(SourceKind, String), String> = HashMap::new();
    let mut index_source: Option<Source> = None;
    let mut level_sources = Vec::new();
    let mut area_sources = Vec::new();
    for source in sources {
        let key = (source.kind, source.id.clone());
        if let Some(first) = first_by_id.get(&key) {
            let what = match source.kind {
                SourceKind::Index => "a second home page source".to_string(),
                SourceKind::Level => format!("duplicate level id `{}`", source.id),
                SourceKind::Area => format!("duplicate area id `{}`", source.id),
            };
            diags.push(
                Diagnostic::error(Location::file_start(&source.path), what)
                    .with_help(format!("{first} has the same id: keep one file per id")),
            );
            continue;
        }
        first_by_id.insert(key, source.path.clone());
        match source.kind {
            SourceKind::Index => index_source = Some(source),
            SourceKind::Level => level_sources.push(source),
            SourceKind::Area => area_sources.push(source),
        }
    }

    let (index, parsed_levels) = rayon::join(
        || index_source.map(parse_doc::<RawIndex>),
        || {
            level_sources
                .into_par_iter()
                .map(parse_doc::<RawLevel>)
                .collect::<Vec<_>>()
        },
    );
    let index = index.and_then(|(doc, d)| {
        diags.extend(d);
        doc
    });
    let mut levels: Vec<Parsed<RawLevel>> = Vec::with_capacity(parsed_levels.len());
    for (doc, d) in parsed_levels {
        diags.extend(d);
        levels.extend(doc);
    }
    levels.sort_by(|a, b| (a.raw.rank, &a.source.id).cmp(&(b.raw.rank, &b.source.id)));
    check_ranks(&levels, &mut diags);
    let level_ids: Vec<&str> = levels.iter().map(|d| d.source.id.as_str()).collect();

    let intro = index.as_ref().map(|d| build_intro(d, &site, &targets));
    let built_levels: Vec<(Option<Level>, Diagnostics)> = levels
        .par_iter()
        .map(|d| build_level(d, &site, &targets))
        .collect();
    let context = AreaContext {
        site: &site,
        level_ids: &level_ids,
        known_level_ids: &known_level_ids,
        targets: &targets,
    };
    let fingerprint = context_fingerprint(&site, &paths, &known_level_ids, &level_ids);
    let out_areas = build_areas(area_sources, &context, cache, fingerprint, &mut diags);

    let intro = match intro {
        Some((intro, d)) => {
            diags.extend(d);
            intro
        }
        None => Intro::untitled(&site),
    };
    let mut out_levels = Vec::with_capacity(built_levels.len());
    for (level, d) in built_levels {
        diags.extend(d);
        out_levels.extend(level);
    }
    if out_levels.is_empty() && (known_level_ids.is_empty() || !diags.has_errors()) {
        diags.push(
            Diagnostic::error(
                Location::file_start("content/levels"),
                "the ladder has no levels",
            )
            .with_help(
                "expected at least one file content/levels/<id>.md with `title:` and `rank:`",
            ),
        );
    }
    if diags.has_errors() {
        return (None, diags);
    }
    let ladder = Ladder {
        site,
        intro,
        levels: out_levels,
        areas: out_areas,
    };
    (Some(ladder), diags)
}

/// What every area is validated against.
struct AreaContext<'a> {
    site: &'a SiteConfig,
    /// The valid levels, in rank order: an area's expectations follow it.
    level_ids: &'a [&'a str],
    /// Every level file's id, valid or not: an expectation may name any of them.
    known_level_ids: &'a [String],
    targets: &'a LinkTargets,
}

/// Parses and builds every area in parallel, except those the `cache` holds unchanged, and
/// reports their problems into `diags`. Returns the valid areas in display order (weight,
/// then id) and updates the cache.
fn build_areas(
    area_sources: Vec<Source>,
    context: &AreaContext,
    mut cache: Option<&mut AreaCache>,
    fingerprint: u64,
    diags: &mut Diagnostics,
) -> Vec<Arc<Area>> {
    let keep = cache.is_some();
    // Unchanged files move their previous result out of the cache (no copy); the rest are
    // parsed and rendered in parallel.
    let mut old_entries = match cache.as_deref_mut() {
        Some(c) => c.take(fingerprint),
        None => HashMap::new(),
    };
    let mut built_areas: Vec<(String, CachedArea)> = Vec::with_capacity(area_sources.len());
    let mut changed = Vec::new();
    for source in area_sources {
        match old_entries.remove(&source.content_path) {
            Some(hit) if hit.text == source.text => built_areas.push((source.content_path, hit)),
            _ => changed.push(source),
        }
    }
    drop(old_entries);
    built_areas.par_extend(changed.into_par_iter().map(|source| {
        let content_path = source.content_path.clone();
        let (doc, mut d) = parse_doc::<RawArea>(source);
        let Some(doc) = doc else {
            return (
                content_path,
                CachedArea {
                    text: String::new(),
                    weight: None,
                    area: None,
                    diags: d,
                },
            );
        };
        let (area, more) = build_area(&doc, context);
        d.extend(more);
        // Only `serve` keeps the text to compare with next time.
        let text = if keep { doc.source.text } else { String::new() };
        (
            content_path,
            CachedArea {
                text,
                weight: doc.raw.weight,
                area: area.map(Arc::new),
                diags: d,
            },
        )
    }));

    let mut weighted: Vec<(Option<i64>, Arc<Area>)> = Vec::with_capacity(built_areas.len());
    let mut new_entries: Option<HashMap<String, CachedArea>> = keep.then(HashMap::new);
    for (path, entry) in built_areas {
        match new_entries.as_mut() {
            Some(entries) => {
                diags.extend(entry.diags.clone());
                if let Some(area) = &entry.area {
                    weighted.push((entry.weight, area.clone()));
                }
                entries.insert(path, entry);
            }
            None => {
                diags.extend(entry.diags);
                if let Some(area) = entry.area {
                    weighted.push((entry.weight, area));
                }
            }
        }
    }
    weighted.sort_by(|(wa, a), (wb, b)| {
        (wa.unwrap_or(i64::MAX), &a.id).cmp(&(wb.unwrap_or(i64::MAX), &b.id))
    });
    if let (Some(cache), Some(entries)) = (cache, new_entries) {
        cache.store(fingerprint, entries);
    }
    weighted.into_iter().map(|(_, a)| a).collect()
}

/// Parses a source as a `T`; `None` (and the reasons) when it has errors.
fn parse_doc<T: RawDocument>(source: Source) -> (Option<Parsed<T>>, Diagnostics) {
    let mut diags = Diagnostics::new();
    if source.kind != SourceKind::Index && !is_slug(&source.id) {
        diags.push(
            Diagnostic::error(Location::file_start(&source.path), format!("`{}` is not a valid id", source.id))
                .with_help("expected a file name of lowercase letters, digits and `-`, such as `senior-engineer.md`"),
        );
    }
    let raw = parse_as::<T>(&source, &mut diags);
    if raw.as_ref().is_some_and(|r| r.body().is_some()) && source.body.is_some() {
        diags.push(
            Diagnostic::error(
                source.locate(&[Seg::key("body")], Target::Key),
                "`body` in Markdown front matter",
            )
            .with_help(
                "expected the body as Markdown below the closing `---`; `body:` is for .yaml files",
            ),
        );
    }
    if diags.has_errors() {
        return (None, diags);
    }
    (raw.map(|raw| Parsed { source, raw }), diags)
}

fn parse_as<T: RawDocument>(source: &Source, diags: &mut Diagnostics) -> Option<T> {
    match yaml::parse::<T>(source.yaml_text()) {
        Ok(parsed) => {
            for key in &parsed.unknown_keys {
                diags
                    .push(yaml::unknown_key(key, T::KEYS).ignored(source.locate(key, Target::Key)));
            }
            Some(parsed.value)
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                source.yaml_location(e.line, e.column),
                e.message,
            ));
            None
        }
    }
}

fn check_ranks(levels: &[Parsed<RawLevel>], diags: &mut Diagnostics) {
    for pair in levels.windows(2) {
        let (a, b) = (&pair[0].raw, &pair[1].raw);
        if a.rank == b.rank {
            diags.push(
                Diagnostic::error(
                    pair[1].source.locate(&[Seg::key("rank")], Target::Value),
                    format!("duplicate rank {}", b.rank),
                )
                .with_help(format!(
                    "{} has rank {} too: expected each level to have its own rank",
                    pair[0].source.path, a.rank
                )),
            );
        }
    }
}

fn build_intro(
    doc: &Parsed<RawIndex>,
    site: &SiteConfig,
    targets: &LinkTargets,
) -> (Intro, Diagnostics) {
    let raw = &doc.raw;
    let mut fields = FieldRenderer::new(&doc.source, targets, &[], site);
    let (body, headings) = fields.body(raw.body.as_deref());
    let levels_intro = raw
        .levels_intro
        .as_deref()
        .map(|c| fields.block(c, &[Seg::key("levels_intro")]));
    let areas_intro = raw
        .areas_intro
        .as_deref()
        .map(|c| fields.block(c, &[Seg::key("areas_intro")]));
    let conclusion = raw
        .conclusion
        .as_deref()
        .map(|c| fields.block(c, &[Seg::key("conclusion")]));
    let title = raw.title.clone().unwrap_or_else(|| site.title.clone());
    let intro = Intro {
        title,
        body,
        levels_title: raw
            .levels_title
            .clone()
            .unwrap_or_else(|| site.labels.get("levels").to_string()),
        areas_title: raw
            .areas_title
            .clone()
            .unwrap_or_else(|| site.labels.get("growth_areas").to_string()),
        levels_intro,
        areas_intro,
        conclusion,
        headings,
    };
    (intro, fields.finish())
}

fn build_level(
    doc: &Parsed<RawLevel>,
    site: &SiteConfig,
    targets: &LinkTargets,
) -> (Option<Level>, Diagnostics) {
    let (raw, source) = (&doc.raw, &doc.source);
    let category_ids: Vec<&str> = site.categories.iter().map(|c| c.id.as_str()).collect();
    let section_ids: Vec<&str> = category_ids
        .iter()
        .map(|id| routes::category_id(id))
        .collect();
    let mut fields = FieldRenderer::new(source, targets, &section_ids, site);
    let title = fields.title(&raw.title);
    // No categories means site.yaml was broken and none could be salvaged (a valid one has at
    // least one): keys cannot be judged, and reporting each would bury the real error.
    for key in raw.competencies.keys().filter(|_| !category_ids.is_empty()) {
        if !category_ids.contains(&key.as_str()) {
            fields.push(
                unknown_name("category", key, &category_ids)
                    .declared_in(SITE_CONFIG_PATH)
                    .error(source.locate(&[Seg::key("competencies"), Seg::key(key)], Target::Key)),
            );
        }
    }
    let summary = raw
        .summary
        .as_deref()
        .map(|s| fields.inline(s, &[Seg::key("summary")]));
    let competencies = site
        .categories
        .iter()
        .map(|c| {
            raw.competencies.get(&c.id).map_or_else(Vec::new, |items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        fields.inline(
                            item,
                            &[Seg::key("competencies"), Seg::key(&c.id), Seg::Index(i)],
                        )
                    })
                    .collect()
            })
        })
        .collect();
    let transition = raw
        .transition
        .as_deref()
        .map(|t| fields.block(t, &[Seg::key("transition")]));
    let (body, headings) = fields.body(raw.body.as_deref());
    let level = Level {
        id: source.id.clone(),
        short: raw.short.clone().unwrap_or_else(|| title.clone()),
        title,
        rank: raw.rank,
        summary,
        competencies,
        transition,
        body,
        headings,
        source_path: source.path.clone(),
    };
    (Some(level), fields.finish())
}

fn build_area(doc: &Parsed<RawArea>, context: &AreaContext) -> (Option<Area>, Diagnostics) {
    let (raw, source) = (&doc.raw, &doc.source);
    let AreaContext {
        site,
        level_ids,
        known_level_ids,
        targets,
    } = *context;
    let row_ids: Vec<String> = known_level_ids.iter().map(|id| area_row_id(id)).collect();
    let row_ids: Vec<&str> = row_ids.iter().map(String::as_str).collect();
    let mut fields = FieldRenderer::new(source, targets, &row_ids, site);
    let title = fields.title(&raw.title);
    // With no level files at all, one "the ladder has no levels" error says it all.
    for key in raw.expectations.keys() {
        if !known_level_ids.is_empty() && !known_level_ids.contains(key) {
            let known: Vec<&str> = known_level_ids.iter().map(String::as_str).collect();
            let unknown = unknown_name("level", key, &known);
            fields.push(
                Diagnostic::error(
                    source.locate(&[Seg::key("expectations"), Seg::key(key)], Target::Key),
                    format!("expectation for {}", unknown.message()),
                )
                .with_optional_help(unknown.help()),
            );
        }
    }
    let summary = raw
        .summary
        .as_deref()
        .map(|s| fields.inline(s, &[Seg::key("summary")]));
    let expectations = level_ids
        .iter()
        .map(|id| {
            raw.expectations
                .get(*id)
                .map(|e| fields.inline(e, &[Seg::key("expectations"), Seg::key(id)]))
        })
        .collect();
    let (body, headings) = fields.body(raw.body.as_deref());
    let area = Area {
        id: source.id.clone(),
        title,
        summary,
        expectations,
        body,
        headings,
        source_path: source.path.clone(),
    };
    (Some(area), fields.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_site_config;
    use crate::content::source::parse_source;

    const SITE: &str =
        "title: T\ncategories:\n  - id: tech\n    title: Tech\n  - id: scope\n    title: Scope\n";

    fn src(path: &str, text: &str) -> Source {
        let content_path = path.strip_prefix("content/").unwrap();
        let kind = if content_path.starts_with("levels/") {
            SourceKind::Level
        } else if content_path.starts_with("areas/") {
            SourceKind::Area
        } else {
            SourceKind::Index
        };
        parse_source(kind, path, content_path, text.to_string()).unwrap()
    }

    fn run(files: &[(&str, &str)]) -> (Option<Ladder>, Diagnostics) {
        let (site, _) = parse_site_config(SITE).unwrap();
        validate(site, files.iter().map(|(p, t)| src(p, t)).collect(), None)
    }

    fn first_error(d: &Diagnostics) -> &Diagnostic {
        d.iter().find(|d| d.is_error()).expect("an error")
    }

    const JUNIOR: &str =
        "---\ntitle: Junior\nrank: 1\ncompetencies:\n  tech:\n    - Writes code\n---\nBody\n";

    #[test]
    fn builds_levels_in_rank_order_with_categories_in_site_order() {
        let senior = "---\ntitle: Senior\nshort: Sr\nrank: 3\ncompetencies:\n  scope:\n    - Leads\n  tech:\n    - Designs\n---\n";
        let (ladder, d) = run(&[
            ("content/levels/senior.md", senior),
            ("content/levels/junior.md", JUNIOR),
        ]);
        assert!(!d.has_errors(), "{d}");
        let ladder = ladder.unwrap();
        let ids: Vec<_> = ladder.levels.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["junior", "senior"]);
        assert_eq!(ladder.levels[1].competencies[0][0].html, "Designs");
        assert_eq!(ladder.levels[1].competencies[1][0].html, "Leads");
        assert_eq!(ladder.levels[0].short, "Junior");
    }

    #[test]
    fn rejects_wrong_type_at_its_line() {
        let (_, d) = run(&[("content/levels/a.md", "---\ntitle: A\nrank: three\n---\n")]);
        let e = first_error(&d);
        let l = e.location.as_ref().unwrap();
        assert_eq!(
            (l.path.as_str(), l.line, l.column),
            ("content/levels/a.md", 3, 7)
        );
        assert!(e.message.contains("expected an integer"), "{}", e.message);
    }

    #[test]
    fn rejects_missing_required_field() {
        let (_, d) = run(&[("content/levels/a.md", "---\ntitle: A\n---\n")]);
        let e = first_error(&d);
        assert!(e.message.contains("missing field `rank`"), "{}", e.message);
        assert_eq!(e.location.as_ref().unwrap().path, "content/levels/a.md");
    }

    #[test]
    fn rejects_duplicate_ids_and_ranks() {
        let (_, d) = run(&[
            ("content/levels/a.md", "---\ntitle: A\nrank: 1\n---\n"),
            ("content/levels/a.yaml", "title: A2\nrank: 2\n"),
            ("content/levels/b.md", "---\ntitle: B\nrank: 1\n---\n"),
        ]);
        let messages: Vec<_> = d.iter().map(|d| d.to_string()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("content/levels/a.yaml:1:1: error: duplicate level id `a`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("content/levels/b.md:3:7: error: duplicate rank 1")),
            "{messages:?}"
        );
    }

    #[test]
    fn rejects_unknown_category_with_suggestion() {
        let (_, d) = run(&[(
            "content/levels/a.md",
            "---\ntitle: A\nrank: 1\ncompetencies:\n  tehc:\n    - x\n---\n",
        )]);
        let e = first_error(&d);
        assert_eq!(e.location.as_ref().unwrap().line, 5);
        assert_eq!(e.message, "unknown category `tehc`");
        assert_eq!(e.help.as_deref(), Some("did you mean `tech`?"));
    }

    #[test]
    fn rejects_expectation_for_unknown_level_with_suggestion() {
        let (_, d) = run(&[
            ("content/levels/senior.md", "---\ntitle: S\nrank: 1\n---\n"),
            (
                "content/areas/apis.md",
                "---\ntitle: APIs\nexpectations:\n  senoir: Designs APIs\n---\n",
            ),
        ]);
        let e = first_error(&d);
        let l = e.location.as_ref().unwrap();
        assert_eq!(
            (l.path.as_str(), l.line, l.column),
            ("content/areas/apis.md", 4, 3)
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `senior`?"));
    }

    #[test]
    fn rejects_broken_link_in_body_at_its_line() {
        let (_, d) = run(&[(
            "content/levels/a.md",
            "---\ntitle: A\nrank: 1\n---\n\nSee [B](b.md).\n",
        )]);
        let e = first_error(&d);
        let l = e.location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (6, 5));
        assert!(e.message.contains("`b.md`"));
    }

    #[test]
    fn resolves_links_between_sources() {
        let (ladder, d) = run(&[
            (
                "content/levels/a.md",
                "---\ntitle: A\nrank: 1\n---\nSee [APIs](../areas/apis.yml#scope).\n",
            ),
            (
                "content/areas/apis.yml",
                "title: APIs\nexpectations:\n  a: \"[A](../levels/a.md)\"\n",
            ),
        ]);
        assert!(!d.has_errors(), "{d}");
        let ladder = ladder.unwrap();
        assert!(
            ladder.levels[0]
                .body
                .html
                .contains("href=\"rungs-root:/areas/apis/#scope\"")
        );
        let e = ladder.areas[0].expectations[0].as_ref().unwrap();
        assert_eq!(e.html, "<a href=\"rungs-root:/levels/a/\">A</a>");
    }

    #[test]
    fn warns_on_unknown_key_with_closest_known_key() {
        let (ladder, d) = run(&[(
            "content/levels/a.md",
            "---\ntitle: A\nrank: 1\nsumary: x\n---\n",
        )]);
        assert!(ladder.is_some());
        let w = d.iter().next().unwrap();
        assert!(!w.is_error());
        assert_eq!(w.location.as_ref().unwrap().line, 4);
        assert_eq!(w.help.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn reports_all_errors_of_all_files_together() {
        let (_, d) = run(&[
            ("content/levels/a.md", "---\ntitle: A\nrank: x\n---\n"),
            ("content/levels/b.md", "---\ntitle: [\n---\n"),
            (
                "content/areas/c.md",
                "---\ntitle: C\nexpectations:\n  zzz: y\n---\n",
            ),
        ]);
        let files: Vec<_> = d
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.location.clone().unwrap().path)
            .collect();
        assert!(files.contains(&"content/levels/a.md".to_string()));
        assert!(files.contains(&"content/levels/b.md".to_string()));
        assert!(files.contains(&"content/areas/c.md".to_string()));
    }

    #[test]
    fn rejects_invalid_file_name_as_id() {
        let (_, d) = run(&[("content/levels/Senior.md", "---\ntitle: S\nrank: 1\n---\n")]);
        assert_eq!(first_error(&d).message, "`Senior` is not a valid id");
    }

    fn run_cached(
        files: &[(&str, &str)],
        cache: Option<&mut AreaCache>,
    ) -> (Option<Ladder>, Diagnostics) {
        let (site, _) = parse_site_config(SITE).unwrap();
        validate(site, files.iter().map(|(p, t)| src(p, t)).collect(), cache)
    }

    #[test]
    fn cached_validation_gives_the_same_result_as_a_fresh_one() {
        let a = ("content/levels/a.md", "---\ntitle: A\nrank: 1\n---\n");
        let b = ("content/levels/b.md", "---\ntitle: B\nrank: 2\n---\n");
        let x = (
            "content/areas/x.md",
            "---\ntitle: X\nexpectations:\n  a: xa\n  b: xb\n---\n",
        );
        let y = (
            "content/areas/y.md",
            "---\ntitle: Y\nsumary: typo\nexpectations:\n  b: yb\n---\n",
        );
        let mut cache = AreaCache::default();
        run_cached(&[a, b, x, y], Some(&mut cache));
        // Edit one area, reorder the levels: both must show in the cached result.
        let y2 = (
            "content/areas/y.md",
            "---\ntitle: Y2\nexpectations:\n  a: ya\n---\n",
        );
        let b0 = ("content/levels/b.md", "---\ntitle: B\nrank: 0\n---\n");
        for files in [[a, b, x, y2], [a, b0, x, y2], [a, b0, x, y]] {
            let (cached, dc) = run_cached(&files, Some(&mut cache));
            let (fresh, df) = run_cached(&files, None);
            assert_eq!(
                format!("{:?}", cached.unwrap().areas),
                format!("{:?}", fresh.unwrap().areas)
            );
            assert_eq!(dc, df, "warnings of cached areas are reported again");
        }
    }

    #[test]
    fn area_expectations_follow_level_order() {
        let (ladder, d) = run(&[
            ("content/levels/b.md", "---\ntitle: B\nrank: 2\n---\n"),
            ("content/levels/a.md", "---\ntitle: A\nrank: 1\n---\n"),
            (
                "content/areas/x.md",
                "---\ntitle: X\nexpectations:\n  b: for b\n---\n",
            ),
        ]);
        assert!(!d.has_errors(), "{d}");
        let area = &ladder.unwrap().areas[0];
        assert!(area.expectations[0].is_none());
        assert_eq!(area.expectations[1].as_ref().unwrap().markdown, "for b");
    }

    fn messages(d: &Diagnostics) -> Vec<String> {
        d.clone().sorted().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn null_titles_are_missing_titles_not_the_text_null() {
        let (ladder, d) = run(&[
            ("content/levels/a.md", "---\ntitle: null\nrank: 1\n---\n"),
            ("content/levels/b.yaml", "title: ~\nrank: 2\n"),
            ("content/levels/c.yaml", "title: \"null\"\nrank: 3\n"),
            ("content/areas/x.yml", "title:\n"),
        ]);
        assert!(ladder.is_none());
        let help = "  = expected a display title; YAML reads `~`, `null` and nothing as no value (quote them to show them as text)";
        assert_eq!(
            messages(&d),
            [
                format!(
                    "content/areas/x.yml:1:7: error: missing title: `title` has no value\n{help}"
                ),
                format!(
                    "content/levels/a.md:2:8: error: missing title: `title` has no value\n{help}"
                ),
                format!(
                    "content/levels/b.yaml:1:8: error: missing title: `title` has no value\n{help}"
                ),
            ]
        );
    }

    #[test]
    fn quoted_null_is_a_title() {
        let (ladder, d) = run(&[("content/levels/c.yaml", "title: \"null\"\nrank: 3\n")]);
        assert!(!d.has_errors(), "{d}");
        assert_eq!(ladder.unwrap().levels[0].title, "null");
    }

    #[test]
    fn rank_out_of_range_says_so() {
        for (rank, shown) in [
            ("9223372036854775808", "9223372036854775808 is out of range"),
            ("-1", "-1 is out of range"),
            ("1000001", "1000001 is out of range"),
            (
                "123456789012345678901234567890123456789012345",
                "out of range",
            ),
        ] {
            let (_, d) = run(&[(
                "content/levels/a.yaml",
                &format!("title: A\nrank: {rank}\n"),
            )]);
            assert_eq!(
                messages(&d),
                [format!(
                    "content/levels/a.yaml:2:7: error: rank: {shown}, expected a whole number from 0 to 1000000"
                )]
            );
        }
        let (_, d) = run(&[("content/levels/a.yaml", "title: A\nrank: four\n")]);
        assert_eq!(
            messages(&d),
            [
                "content/levels/a.yaml:2:7: error: rank: invalid type: string \"four\", expected an integer"
            ]
        );
        let (ladder, d) = run(&[("content/levels/a.yaml", "title: A\nrank: 1000000\n")]);
        assert!(!d.has_errors(), "{d}");
        assert_eq!(ladder.unwrap().levels[0].rank, 1_000_000);
    }

    #[test]
    fn weight_out_of_range_says_so() {
        let (_, d) = run(&[
            ("content/levels/a.yaml", "title: A\nrank: 1\n"),
            (
                "content/areas/x.yaml",
                "title: X\nweight: 99999999999999999999\n",
            ),
        ]);
        assert_eq!(
            messages(&d),
            [
                "content/areas/x.yaml:2:9: error: weight: 99999999999999999999 is out of range, expected a whole number from -1000000 to 1000000"
            ]
        );
    }

    #[test]
    fn duplicate_ranks_are_found_between_any_two_files() {
        let (_, d) = run(&[
            ("content/levels/a.md", "---\ntitle: A\nrank: 1\n---\n"),
            ("content/levels/b.md", "---\ntitle: B\nrank: 2\n---\n"),
            ("content/levels/c.md", "---\ntitle: C\nrank: 1\n---\n"),
        ]);
        assert_eq!(
            messages(&d),
            [
                "content/levels/c.md:3:7: error: duplicate rank 1\n  = content/levels/a.md has rank 1 too: expected each level to have its own rank"
            ]
        );
    }

    #[test]
    fn duplicate_area_ids_across_extensions_are_errors() {
        let (_, d) = run(&[
            ("content/levels/a.md", "---\ntitle: A\nrank: 1\n---\n"),
            ("content/areas/x.md", "---\ntitle: X\n---\n"),
            ("content/areas/x.yml", "title: X2\n"),
        ]);
        assert_eq!(
            messages(&d),
            [
                "content/areas/x.yml:1:1: error: duplicate area id `x`\n  = content/areas/x.md has the same id: keep one file per id"
            ]
        );
    }

    #[test]
    fn no_level_files_is_one_clear_error_not_one_per_expectation() {
        let (_, d) = run(&[
            (
                "content/areas/x.md",
                "---\ntitle: X\nexpectations:\n  junior: a\n  senior: b\n---\n",
            ),
            (
                "content/areas/y.md",
                "---\ntitle: Y\nexpectations:\n  junior: c\n---\n",
            ),
        ]);
        assert_eq!(
            messages(&d),
            [
                "content/levels:1:1: error: the ladder has no levels\n  = expected at least one file content/levels/<id>.md with `title:` and `rank:`"
            ]
        );
    }
}
