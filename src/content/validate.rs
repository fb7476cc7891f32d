//! Raw sources → validated [`Ladder`]: every rule of the content contract, every problem at
//! once, with "did you mean" where a likely intended name exists.
//!
//! Pure: takes the configuration and the read sources, returns the ladder or diagnostics.
//! Each source is parsed into its kind's raw document ([`Parsed`]`<`[`RawLevel`]`>` …), then
//! built into the model. Markdown is rendered here, through [`FieldRenderer`], because a
//! broken link between sources is a validation error that must carry its file position.
//! Unchanged growth areas come from the [`AreaCache`] when `serve` keeps one.
//!
//! Tracks: sources under `content/tracks/<track>/` belong to that track; without any, every
//! level and area belongs to the one implicit track. Level ids and ranks are unique within
//! a track, an area's expectations name levels of its own track, and a level lists only the
//! categories its track applies.

use crate::config::{SITE_CONFIG_PATH, SiteConfig};
use crate::content::area_cache::{AreaCache, CachedArea, context_fingerprint};
use crate::content::fields::FieldRenderer;
use crate::content::markdown::LinkTargets;
use crate::content::model::{Area, Expectation, Intro, Item, Ladder, Level, Origin, Page, Track};
use crate::content::raw::{
    RawArea, RawDocument, RawExpectation, RawIndex, RawItem, RawLevel, RawPage, RawTrack,
};
use crate::content::routes::{
    self, HOME_URL, RESERVED_TOP_LEVEL, area_row_id, area_url, free_page_url, level_url, track_url,
};
use crate::content::source::{Source, SourceKind};
use crate::diag::{Diagnostic, Diagnostics, Location, unknown_name};
use crate::text::{clip, is_slug};
use crate::yaml::{self, RequiredText, Seg, Target};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// A source parsed into the raw document of its kind: a `Parsed<RawLevel>` is a level file
/// whose YAML had the shape of a level.
pub(crate) struct Parsed<T> {
    /// The file, for locating problems and rendering its body.
    pub(crate) source: Source,
    /// Its YAML, as written.
    pub(crate) raw: T,
}

/// The track a source belongs to: the folder under `content/tracks/`, `None` for the
/// implicit track of a ladder without tracks.
type TrackKey = Option<String>;

/// Validates the sources against the configuration.
///
/// Returns the ladder when no error was found, and every diagnostic (errors and warnings).
/// Draft levels are in it only with `drafts`; without, they are still validated (and their
/// ranks and aliases still count), but a link to one from the rest is an error. With a
/// `cache`, unchanged area files reuse their previous results and the cache is updated for
/// the next call.
pub(crate) fn validate(
    site: SiteConfig,
    sources: Vec<Source>,
    statics: &[String],
    drafts: bool,
    cache: Option<&mut AreaCache>,
) -> (Option<Ladder>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let sources = check_layout(sources, &mut diags);
    let multi = sources.iter().any(|s| s.track.is_some());
    // Every track, in id order: the folders of content/tracks/, or the implicit one.
    let track_keys: Vec<TrackKey> = if multi {
        let ids: BTreeSet<&str> = sources.iter().filter_map(|s| s.track.as_deref()).collect();
        ids.into_iter().map(|t| Some(t.to_string())).collect()
    } else {
        vec![None]
    };
    // Link targets and known level ids come from every file, parsed or not: a level with a
    // YAML error must not also make every link and expectation that names it an error.
    let mut targets = LinkTargets::default();
    let mut known_level_ids: HashMap<TrackKey, Vec<String>> = HashMap::new();
    let mut paths: Vec<String> = Vec::with_capacity(sources.len());
    for s in &sources {
        paths.push(s.content_path.clone());
        let track = s.track.as_deref();
        match s.kind {
            SourceKind::Index => targets.insert(&s.content_path, HOME_URL),
            SourceKind::Track => targets.insert(&s.content_path, &track_url(&s.id)),
            SourceKind::Level => {
                targets.insert(&s.content_path, &level_url(track, &s.id));
                known_level_ids
                    .entry(s.track.clone())
                    .or_default()
                    .push(s.id.clone());
            }
            SourceKind::Area => targets.insert(&s.content_path, &area_url(track, &s.id)),
            SourceKind::Page => targets.insert(&s.content_path, &free_page_url(&s.id)),
        }
    }
    for rel in statics {
        targets.insert_static(rel);
        // A link to a static file is checked when its area is: part of the cache's context.
        paths.push(format!("static/{rel}"));
    }
    paths.sort_unstable();

    // One file per id and track: the first in path order wins, later ones are errors.
    let mut first_by_id: HashMap<(SourceKind, TrackKey, String), String> = HashMap::new();
    let mut index_source: Option<Source> = None;
    let mut track_sources = Vec::new();
    let mut level_sources = Vec::new();
    let mut area_sources = Vec::new();
    let mut page_sources = Vec::new();
    for source in sources {
        let key = (source.kind, source.track.clone(), source.id.clone());
        if let Some(first) = first_by_id.get(&key) {
            let what = match source.kind {
                SourceKind::Index => "a second home page source".to_string(),
                SourceKind::Track => format!("a second `_index` for track `{}`", source.id),
                SourceKind::Level => format!("duplicate level id `{}`", source.id),
                SourceKind::Area => format!("duplicate area id `{}`", source.id),
                SourceKind::Page => format!("duplicate page id `{}`", source.id),
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
            SourceKind::Track => track_sources.push(source),
            SourceKind::Level => level_sources.push(source),
            SourceKind::Area => area_sources.push(source),
            SourceKind::Page => page_sources.push(source),
        }
    }
    if multi {
        let with_index: BTreeSet<&str> = track_sources.iter().map(|s| s.id.as_str()).collect();
        let track_ids: Vec<&str> = track_keys.iter().flatten().map(String::as_str).collect();
        for id in &track_ids {
            if !with_index.contains(id) {
                diags.push(
                    Diagnostic::error(
                        Location::file_start(&format!("content/tracks/{id}")),
                        format!("the track folder `content/tracks/{id}/` has no `_index.md`"),
                    )
                    .with_help(format!(
                        "expected content/tracks/{id}/_index.md (or .yaml / .yml) with at least `title:`: a track's title, categories and home page come from it"
                    )),
                );
            }
        }
        // Free pages render at `<id>/` too: a track may not take a page's id.
        let page_ids: Vec<(&str, &str)> = page_sources
            .iter()
            .map(|s| (s.id.as_str(), s.path.as_str()))
            .collect();
        check_track_ids(&track_ids, &page_ids, &mut diags);
    }

    let ((index, parsed_pages), (parsed_tracks, parsed_levels)) = rayon::join(
        || {
            (
                index_source.map(parse_doc::<RawIndex>),
                page_sources
                    .into_iter()
                    .map(parse_doc::<RawPage>)
                    .collect::<Vec<_>>(),
            )
        },
        || {
            rayon::join(
                || {
                    track_sources
                        .into_iter()
                        .map(parse_doc::<RawTrack>)
                        .collect::<Vec<_>>()
                },
                || {
                    level_sources
                        .into_par_iter()
                        .map(parse_doc::<RawLevel>)
                        .collect::<Vec<_>>()
                },
            )
        },
    );
    let index = index.and_then(|(doc, d)| {
        diags.extend(d);
        doc
    });
    let mut pages: Vec<Parsed<RawPage>> = Vec::with_capacity(parsed_pages.len());
    for (doc, d) in parsed_pages {
        diags.extend(d);
        pages.extend(doc);
    }
    let mut track_docs: HashMap<String, Parsed<RawTrack>> = HashMap::new();
    for (doc, d) in parsed_tracks {
        diags.extend(d);
        if let Some(doc) = doc {
            track_docs.insert(doc.source.id.clone(), doc);
        }
    }
    let mut levels_by_track: HashMap<TrackKey, Vec<Parsed<RawLevel>>> = HashMap::new();
    for (doc, d) in parsed_levels {
        diags.extend(d);
        if let Some(doc) = doc {
            levels_by_track
                .entry(doc.source.track.clone())
                .or_default()
                .push(doc);
        }
    }
    for levels in levels_by_track.values_mut() {
        levels.sort_by(|a, b| (a.raw.rank, &a.source.id).cmp(&(b.raw.rank, &b.source.id)));
        // Ranks and aliases are checked over drafts too: what builds must also serve.
        check_ranks(levels, multi, &mut diags);
        check_aliases(levels, &mut diags);
    }
    // Drafts left out are still validated, against every page (one draft may link another);
    // the rest of the ladder may not link to them.
    let is_left_out = |d: &Parsed<RawLevel>| d.raw.draft && !drafts;
    let draft_targets = if levels_by_track.values().flatten().any(is_left_out) {
        let all = targets.clone();
        for d in levels_by_track
            .values()
            .flatten()
            .filter(|d| is_left_out(d))
        {
            targets.leave_out(&d.source.content_path, DRAFT_LEFT_OUT);
        }
        Some(all)
    } else {
        None
    };

    // Each track's own settings, before its levels: they say which categories apply.
    let mut tracks: Vec<Track> = Vec::with_capacity(track_keys.len());
    let mut unsure_categories: Vec<TrackKey> = Vec::new();
    for key in &track_keys {
        let track = match key.as_deref().and_then(|id| track_docs.get(id)) {
            Some(doc) => {
                let (track, d, categories_ok) = build_track(doc, &site, &targets);
                // A track whose `categories` has errors cannot judge its levels' categories.
                if !categories_ok {
                    unsure_categories.push(key.clone());
                }
                diags.extend(d);
                track
            }
            None => {
                // The implicit track, or a track whose `_index` has errors (already reported):
                // every category, so its levels are still checked without a cascade.
                let mut track = Track::implicit(&site.title, site.categories.len());
                track.id = key.clone();
                track
            }
        };
        tracks.push(track);
    }

    let intro = index
        .as_ref()
        .map(|d| build_intro(d, &site, &targets, multi));
    let rules: HashMap<&TrackKey, LevelRules> = track_keys
        .iter()
        .zip(&tracks)
        .map(|(key, track)| {
            let rules = LevelRules {
                track: key.as_deref(),
                categories: &track.categories,
                track_path: track.source_path.as_deref(),
                judge_categories: !unsure_categories.contains(key),
                multi,
            };
            (key, rules)
        })
        .collect();
    let all_levels: Vec<&Parsed<RawLevel>> = track_keys
        .iter()
        .flat_map(|k| levels_by_track.get(k).into_iter().flatten())
        .collect();
    let built_levels: Vec<(Option<Level>, Diagnostics)> = all_levels
        .par_iter()
        .map(|d| {
            let rules = &rules[&d.source.track];
            match &draft_targets {
                Some(all) if is_left_out(d) => {
                    // Validated for its problems, then left out of the ladder.
                    let (_, diags) = build_level(d, &site, all, rules);
                    (None, diags)
                }
                _ => build_level(d, &site, &targets, rules),
            }
        })
        .collect();
    let out_pages = build_pages(&pages, &site, &targets, &mut diags);
    let no_ids: Vec<String> = Vec::new();
    let level_ids: HashMap<&TrackKey, Vec<&str>> = track_keys
        .iter()
        .map(|k| {
            let ids = levels_by_track
                .get(k)
                .into_iter()
                .flatten()
                .filter(|d| !is_left_out(d))
                .map(|d| d.source.id.as_str())
                .collect();
            (k, ids)
        })
        .collect();
    let contexts: HashMap<TrackKey, AreaContext> = track_keys
        .iter()
        .map(|k| {
            let context = AreaContext {
                site: &site,
                level_ids: &level_ids[k],
                known_level_ids: known_level_ids.get(k).unwrap_or(&no_ids),
                targets: &targets,
            };
            (k.clone(), context)
        })
        .collect();
    let fingerprint = context_fingerprint(
        &site,
        &paths,
        track_keys.iter().map(|k| {
            (
                k.as_deref(),
                known_level_ids.get(k).unwrap_or(&no_ids).as_slice(),
                level_ids[k].as_slice(),
            )
        }),
    );
    let out_areas = build_areas(area_sources, &contexts, cache, fingerprint, &mut diags);

    let intro = match intro {
        Some((intro, d)) => {
            diags.extend(d);
            intro
        }
        None => Intro::untitled(&site),
    };
    let mut levels_of: HashMap<TrackKey, Vec<Level>> = HashMap::new();
    for ((level, d), doc) in built_levels.into_iter().zip(&all_levels) {
        diags.extend(d);
        if let Some(level) = level {
            levels_of
                .entry(doc.source.track.clone())
                .or_default()
                .push(level);
        }
    }
    let mut areas_of: HashMap<TrackKey, Vec<Arc<Area>>> = HashMap::new();
    for (key, area) in out_areas {
        areas_of.entry(key).or_default().push(area);
    }
    for (key, track) in track_keys.iter().zip(tracks.iter_mut()) {
        track.levels = levels_of.remove(key).unwrap_or_default();
        track.areas = areas_of.remove(key).unwrap_or_default();
        let known = known_level_ids.get(key).map_or(0, Vec::len);
        let all_drafts = levels_by_track
            .get(key)
            .is_some_and(|l| !l.is_empty() && l.iter().all(is_left_out));
        if track.levels.is_empty() && all_drafts && !diags.has_errors() {
            diags.push(all_drafts_left_out(key.as_deref()));
        } else if track.levels.is_empty() && (known == 0 || !diags.has_errors()) {
            diags.push(no_levels(key.as_deref()));
        }
    }
    if diags.has_errors() {
        return (None, diags);
    }
    tracks.sort_by(|a, b| {
        (a.weight.unwrap_or(i64::MAX), &a.id).cmp(&(b.weight.unwrap_or(i64::MAX), &b.id))
    });
    let ladder = Ladder {
        site,
        intro,
        tracks,
        pages: out_pages,
    };
    (Some(ladder), diags)
}

/// "the ladder has no levels", or for a track "track `sre` has no levels".
fn no_levels(track: Option<&str>) -> Diagnostic {
    match track {
        None => Diagnostic::error(
            Location::file_start("content/levels"),
            "the ladder has no levels",
        )
        .with_help("expected at least one file content/levels/<id>.md with `title:` and `rank:`"),
        Some(id) => Diagnostic::error(
            Location::file_start(&format!("content/tracks/{id}/levels")),
            format!("track `{id}` has no levels"),
        )
        .with_help(format!(
            "expected at least one file content/tracks/{id}/levels/<id>.md with `title:` and `rank:`"
        )),
    }
}

/// "every level is a draft" (of the ladder, or of a track): a build without `--drafts` would
/// have none.
fn all_drafts_left_out(track: Option<&str>) -> Diagnostic {
    let (at, what) = match track {
        None => (
            "content/levels".to_string(),
            "every level is a draft".to_string(),
        ),
        Some(id) => (
            format!("content/tracks/{id}/levels"),
            format!("every level of track `{id}` is a draft"),
        ),
    };
    Diagnostic::error(
        Location::file_start(&at),
        format!("{what}: without `--drafts` there are no levels to build"),
    )
    .with_help("expected at least one level without `draft: true`, or build with `--drafts`")
}

/// A ladder with tracks keeps its levels and areas in them: files of `content/levels/` or
/// `content/areas/` beside `content/tracks/` are one error per folder, naming both, and are
/// left out so that they do not also report a problem each.
fn check_layout(sources: Vec<Source>, diags: &mut Diagnostics) -> Vec<Source> {
    if !sources.iter().any(|s| s.track.is_some()) {
        return sources;
    }
    let stray =
        |s: &Source| s.track.is_none() && matches!(s.kind, SourceKind::Level | SourceKind::Area);
    let folders: BTreeSet<&str> = sources
        .iter()
        .filter(|s| stray(s))
        .map(|s| match s.kind {
            SourceKind::Level => "content/levels",
            _ => "content/areas",
        })
        .collect();
    for folder in folders {
        diags.push(
            Diagnostic::error(
                Location::file_start(folder),
                format!("`{folder}/` beside `content/tracks/`: a ladder with tracks has no levels or areas outside them"),
            )
            .with_help(format!(
                "expected levels in content/tracks/<track>/levels/ and growth areas in content/tracks/<track>/areas/: move the files of {folder}/ into a track, or remove content/tracks/ for a ladder without tracks"
            )),
        );
    }
    sources.into_iter().filter(|s| !stray(s)).collect()
}

/// Track ids are folder names that become the first folder of their pages' URLs: each must
/// be a slug, and none may take a name the site's top level already uses (a generated page or
/// file, or a free page's id).
fn check_track_ids(track_ids: &[&str], page_ids: &[(&str, &str)], diags: &mut Diagnostics) {
    for id in track_ids {
        let at = Location::file_start(&format!("content/tracks/{id}"));
        if !is_slug(id) {
            diags.push(
                Diagnostic::error(at, format!("`{id}` is not a valid track id"))
                    .with_help("expected a folder name of lowercase letters, digits and `-`, such as `content/tracks/backend/`"),
            );
        } else if routes::is_reserved_top_level(id) {
            diags.push(
                Diagnostic::error(
                    at,
                    format!("track id `{id}` clashes with the site's own `{id}` at the top level"),
                )
                .with_help(format!(
                    "expected a track folder name other than: {}",
                    RESERVED_TOP_LEVEL.join(", ")
                )),
            );
        } else if let Some((_, page)) = page_ids.iter().find(|(p, _)| p == id) {
            diags.push(
                Diagnostic::error(
                    at,
                    format!(
                        "track id `{id}` clashes with the page {page}, also published at `{id}/`"
                    ),
                )
                .with_help("expected tracks and pages to have different ids: rename one"),
            );
        }
    }
}

/// What every level is validated against besides the site: its track.
struct LevelRules<'a> {
    /// The track's id (`None`: the implicit track).
    track: Option<&'a str>,
    /// Indexes into `site.categories` of the categories the track applies.
    categories: &'a [usize],
    /// The track's `_index` file, for messages.
    track_path: Option<&'a str>,
    /// Whether a category outside `categories` is an error: not when the track's own list
    /// has errors (each level would repeat them).
    judge_categories: bool,
    /// Whether the ladder has tracks (level pages then list peers).
    multi: bool,
}

/// What every area is validated against.
struct AreaContext<'a> {
    site: &'a SiteConfig,
    /// The valid levels of the area's track, in rank order: its expectations follow it.
    level_ids: &'a [&'a str],
    /// Every level file's id in the area's track, valid or not: an expectation may name any.
    known_level_ids: &'a [String],
    targets: &'a LinkTargets,
}

/// Parses and builds every area in parallel, except those the `cache` holds unchanged, and
/// reports their problems into `diags`. Returns the valid areas with their track, in display
/// order (weight, then id), and updates the cache.
fn build_areas(
    area_sources: Vec<Source>,
    contexts: &HashMap<TrackKey, AreaContext>,
    mut cache: Option<&mut AreaCache>,
    fingerprint: u64,
    diags: &mut Diagnostics,
) -> Vec<(TrackKey, Arc<Area>)> {
    let keep = cache.is_some();
    // Unchanged files move their previous result out of the cache (no copy); the rest are
    // parsed and rendered in parallel.
    let mut old_entries = match cache.as_deref_mut() {
        Some(c) => c.take(fingerprint),
        None => HashMap::new(),
    };
    let mut built_areas: Vec<(String, TrackKey, CachedArea)> =
        Vec::with_capacity(area_sources.len());
    let mut changed = Vec::new();
    for source in area_sources {
        match old_entries.remove(&source.content_path) {
            Some(hit) if hit.text == source.text => {
                built_areas.push((source.content_path, source.track, hit));
            }
            _ => changed.push(source),
        }
    }
    drop(old_entries);
    built_areas.par_extend(changed.into_par_iter().map(|source| {
        let content_path = source.content_path.clone();
        let track = source.track.clone();
        let (doc, mut d) = parse_doc::<RawArea>(source);
        let Some(doc) = doc else {
            let failed = CachedArea {
                text: String::new(),
                weight: None,
                area: None,
                diags: d,
            };
            return (content_path, track, failed);
        };
        // Every track of the sources has a context; an area outside them cannot exist.
        let (area, more) = match contexts.get(&track) {
            Some(context) => build_area(&doc, context),
            None => (None, Diagnostics::new()),
        };
        d.extend(more);
        // Only `serve` keeps the text to compare with next time.
        let text = if keep { doc.source.text } else { String::new() };
        let entry = CachedArea {
            text,
            weight: doc.raw.weight,
            area: area.map(Arc::new),
            diags: d,
        };
        (content_path, track, entry)
    }));

    let mut weighted: Vec<(Option<i64>, TrackKey, Arc<Area>)> =
        Vec::with_capacity(built_areas.len());
    let mut new_entries: Option<HashMap<String, CachedArea>> = keep.then(HashMap::new);
    for (path, track, entry) in built_areas {
        match new_entries.as_mut() {
            Some(entries) => {
                diags.extend(entry.diags.clone());
                if let Some(area) = &entry.area {
                    weighted.push((entry.weight, track, area.clone()));
                }
                entries.insert(path, entry);
            }
            None => {
                diags.extend(entry.diags);
                if let Some(area) = entry.area {
                    weighted.push((entry.weight, track, area));
                }
            }
        }
    }
    weighted.sort_by(|(wa, _, a), (wb, _, b)| {
        (wa.unwrap_or(i64::MAX), &a.id).cmp(&(wb.unwrap_or(i64::MAX), &b.id))
    });
    if let (Some(cache), Some(entries)) = (cache, new_entries) {
        cache.store(fingerprint, entries);
    }
    weighted.into_iter().map(|(_, t, a)| (t, a)).collect()
}

/// Parses a source as a `T`; `None` (and the reasons) when it has errors.
fn parse_doc<T: RawDocument>(source: Source) -> (Option<Parsed<T>>, Diagnostics) {
    let mut diags = Diagnostics::new();
    // A track's id is its folder's name, checked once per track.
    let named_by_file = !matches!(source.kind, SourceKind::Index | SourceKind::Track);
    if named_by_file && !is_slug(&source.id) {
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
                diags.push(
                    yaml::unknown_key(key, T::known_keys(key))
                        .ignored(source.locate(key, Target::Key)),
                );
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

/// Why a link to a draft level is broken in a build without `--drafts`.
const DRAFT_LEFT_OUT: &str = "a draft level left out of this build";

/// Every level's aliases name that level alone within its track (`levels` is one track's):
/// no alias is another level's alias, id or short name (compared without case, as search
/// compares them), none is empty or repeated. Levels of different tracks may share an alias,
/// as peers may share a grade's name ("L4").
fn check_aliases(levels: &[Parsed<RawLevel>], diags: &mut Diagnostics) {
    if levels.iter().all(|d| d.raw.aliases.is_empty()) {
        return;
    }
    // Every name a level goes by: (level index, what the name is to it).
    let mut names: HashMap<String, (usize, &str)> = HashMap::new();
    for (i, d) in levels.iter().enumerate() {
        names.insert(d.source.id.to_lowercase(), (i, "id"));
        // The short name defaults to the title.
        let short = match (&d.raw.short, &d.raw.title) {
            (Some(short), _) | (None, RequiredText::Text(short)) => short,
            _ => continue,
        };
        names
            .entry(short.trim().to_lowercase())
            .or_insert((i, "short name"));
    }
    for (i, d) in levels.iter().enumerate() {
        for (j, alias) in d.raw.aliases.iter().enumerate() {
            let at = || {
                d.source
                    .locate(&[Seg::key("aliases"), Seg::Index(j)], Target::Value)
            };
            let key = alias.trim().to_lowercase();
            if key.is_empty() {
                diags.push(
                    Diagnostic::error(at(), "empty alias")
                        .with_help("expected another name of the level, such as `L4`"),
                );
                continue;
            }
            match names.get(&key) {
                // Its own id or short name: redundant, harmless.
                Some(&(owner, what)) if owner == i && what != "alias" => {}
                Some(&(owner, what)) => {
                    let help = if owner == i {
                        "this level lists it twice: expected each alias once".to_string()
                    } else {
                        format!(
                            "{} has it as its {what}: expected each alias to name one level",
                            levels[owner].source.path
                        )
                    };
                    diags.push(
                        Diagnostic::error(at(), format!("duplicate alias `{}`", clip(alias)))
                            .with_help(help),
                    );
                }
                None => {
                    names.insert(key, (i, "alias"));
                }
            }
        }
    }
}

/// Ranks are unique within a track (`levels` is one track's, sorted by rank). Levels of
/// different tracks may share a rank: they are peers.
fn check_ranks(levels: &[Parsed<RawLevel>], multi: bool, diags: &mut Diagnostics) {
    for pair in levels.windows(2) {
        let (a, b) = (&pair[0].raw, &pair[1].raw);
        if a.rank == b.rank {
            let expected = if multi {
                "expected each level of a track to have its own rank (levels of different tracks may share one: they are peers)"
            } else {
                "expected each level to have its own rank"
            };
            diags.push(
                Diagnostic::error(
                    pair[1].source.locate(&[Seg::key("rank")], Target::Value),
                    format!("duplicate rank {}", b.rank),
                )
                .with_help(format!(
                    "{} has rank {} too: {expected}",
                    pair[0].source.path, a.rank
                )),
            );
        }
    }
}

/// Builds the free pages, in display order (weight, then id). A page id the site's top level
/// already uses ([`routes::RESERVED_TOP_LEVEL`]) is an error naming both.
fn build_pages(
    pages: &[Parsed<RawPage>],
    site: &SiteConfig,
    targets: &LinkTargets,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    let mut out: Vec<Page> = Vec::with_capacity(pages.len());
    for doc in pages {
        let (raw, source) = (&doc.raw, &doc.source);
        let mut fields = FieldRenderer::new(source, targets, &[], site);
        if routes::is_reserved_top_level(&source.id) {
            fields.push(
                Diagnostic::error(
                    Location::file_start(&source.path),
                    format!(
                        "page id `{}` clashes with the site's own `{}/`",
                        source.id, source.id
                    ),
                )
                .with_help(format!(
                    "pages are published at the site's top level, where rungs keeps `{}` for its own pages: rename the file (taken: {})",
                    source.id,
                    RESERVED_TOP_LEVEL
                        .iter()
                        .filter(|n| is_slug(n))
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        let title = fields.title(&raw.title);
        let (body, headings) = fields.body(raw.body.as_deref());
        let fragments = fields.take_fragments();
        diags.extend(fields.finish());
        out.push(Page {
            id: source.id.clone(),
            title,
            weight: raw.weight,
            nav: raw.nav,
            body,
            headings,
            fragments,
            source_path: source.path.clone(),
        });
    }
    out.sort_by(|a, b| {
        (a.weight.unwrap_or(i64::MAX), &a.id).cmp(&(b.weight.unwrap_or(i64::MAX), &b.id))
    });
    out
}

/// A track's settings from its `_index` (levels and areas are added later), its problems,
/// and whether its `categories` list was free of them.
fn build_track(
    doc: &Parsed<RawTrack>,
    site: &SiteConfig,
    targets: &LinkTargets,
) -> (Track, Diagnostics, bool) {
    let (raw, source) = (&doc.raw, &doc.source);
    let mut fields = FieldRenderer::new(source, targets, &[], site);
    let title = fields.title(&raw.title);
    let category_ids: Vec<&str> = site.categories.iter().map(|c| c.id.as_str()).collect();
    // No categories means site.yaml was broken: names cannot be judged (see build_level).
    let judge = !category_ids.is_empty();
    let mut categories_ok = true;
    let categories: Vec<usize> = match &raw.categories {
        None => (0..site.categories.len()).collect(),
        Some(listed) => {
            let mut seen: Vec<usize> = Vec::new();
            for (i, id) in listed.iter().enumerate() {
                let at = || source.locate(&[Seg::key("categories"), Seg::Index(i)], Target::Value);
                match category_ids.iter().position(|c| c == id) {
                    Some(c) if seen.contains(&c) => fields.push(
                        Diagnostic::error(at(), format!("category `{id}` is listed twice"))
                            .with_help("expected each category once in `categories`"),
                    ),
                    Some(c) => seen.push(c),
                    None if judge => {
                        categories_ok = false;
                        fields.push(
                            unknown_name("category", id, &category_ids)
                                .declared_in(SITE_CONFIG_PATH)
                                .error(at()),
                        );
                    }
                    None => {}
                }
            }
            if judge && listed.is_empty() {
                categories_ok = false;
                fields.push(
                    Diagnostic::error(
                        source.locate(&[Seg::key("categories")], Target::Value),
                        "a track with no categories",
                    )
                    .with_help("expected the ids of the categories that apply to this track, or no `categories:` key for all of them"),
                );
            }
            seen.sort_unstable();
            seen
        }
    };
    let mut category_descriptions = vec![None; site.categories.len()];
    for (id, text) in &raw.category_descriptions {
        let path = [Seg::key("category_descriptions"), Seg::key(id)];
        match category_ids.iter().position(|c| c == id) {
            Some(c) if categories.contains(&c) => {
                category_descriptions[c] = Some(fields.inline(text, &path));
            }
            Some(_) => fields.push(
                Diagnostic::error(
                    source.locate(&path, Target::Key),
                    format!("a description for category `{id}`, which this track does not apply"),
                )
                .with_help(format!(
                    "expected a category listed in `categories`: add `{id}` there, or remove its description"
                )),
            ),
            None if judge => fields.push(
                unknown_name("category", id, &category_ids)
                    .declared_in(SITE_CONFIG_PATH)
                    .error(source.locate(&path, Target::Key)),
            ),
            None => {}
        }
    }
    let summary = raw
        .summary
        .as_deref()
        .map(|s| fields.inline(s, &[Seg::key("summary")]));
    let (body, headings) = fields.body(raw.body.as_deref());
    let track = Track {
        id: Some(source.id.clone()),
        short: raw.short.clone().unwrap_or_else(|| title.clone()),
        title,
        summary,
        weight: raw.weight,
        body,
        headings,
        fragments: fields.take_fragments(),
        categories,
        category_descriptions,
        levels: Vec::new(),
        areas: Vec::new(),
        source_path: Some(source.path.clone()),
    };
    (track, fields.finish(), categories_ok)
}

fn build_intro(
    doc: &Parsed<RawIndex>,
    site: &SiteConfig,
    targets: &LinkTargets,
    multi: bool,
) -> (Intro, Diagnostics) {
    let raw = &doc.raw;
    // With tracks, the home page lists them under a heading of its own.
    let reserved: &[&str] = if multi { &[routes::TRACKS_ID] } else { &[] };
    let mut fields = FieldRenderer::new(&doc.source, targets, reserved, site);
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
        fragments: fields.take_fragments(),
        source_path: Some(doc.source.path.clone()),
    };
    (intro, fields.finish())
}

fn build_level(
    doc: &Parsed<RawLevel>,
    site: &SiteConfig,
    targets: &LinkTargets,
    rules: &LevelRules,
) -> (Option<Level>, Diagnostics) {
    let (raw, source) = (&doc.raw, &doc.source);
    let category_ids: Vec<&str> = site.categories.iter().map(|c| c.id.as_str()).collect();
    let mut section_ids: Vec<&str> = category_ids
        .iter()
        .map(|id| routes::category_id(id))
        .collect();
    if rules.multi {
        section_ids.push(routes::PEERS_ID);
    }
    let mut fields = FieldRenderer::new(source, targets, &section_ids, site);
    let title = fields.title(&raw.title);
    // No categories means site.yaml was broken and none could be salvaged (a valid one has at
    // least one): keys cannot be judged, and reporting each would bury the real error.
    let applied: Vec<&str> = rules.categories.iter().map(|&c| category_ids[c]).collect();
    for key in raw.competencies.keys().filter(|_| !category_ids.is_empty()) {
        let at = || source.locate(&[Seg::key("competencies"), Seg::key(key)], Target::Key);
        match category_ids.iter().position(|c| c == key) {
            None => fields.push(
                unknown_name("category", key, &category_ids)
                    .declared_in(SITE_CONFIG_PATH)
                    .error(at()),
            ),
            Some(c) if rules.judge_categories && !rules.categories.contains(&c) => {
                let track = rules.track.unwrap_or_default();
                let path = rules.track_path.unwrap_or_default();
                fields.push(
                    Diagnostic::error(
                        at(),
                        format!("category `{key}` does not apply to track `{track}`"),
                    )
                    .with_help(format!(
                        "expected one of the track's categories: {} (listed in {path}); or add `{key}` to its `categories`",
                        applied.join(", ")
                    )),
                );
            }
            Some(_) => {}
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
                build_items(
                    &mut fields,
                    items,
                    &[Seg::key("competencies"), Seg::key(&c.id)],
                )
            })
        })
        .collect();
    let transition = raw
        .transition
        .as_deref()
        .map(|t| fields.block(t, &[Seg::key("transition")]));
    let (lint_allow, lint_errors) = crate::lint::check_allow(&raw.lint.allow, |i| {
        source.locate(
            &[Seg::key("lint"), Seg::key("allow"), Seg::Index(i)],
            Target::Value,
        )
    });
    for e in lint_errors {
        fields.push(e);
    }
    let (body, headings) = fields.body(raw.body.as_deref());
    let level = Level {
        id: source.id.clone(),
        short: raw.short.clone().unwrap_or_else(|| title.clone()),
        title,
        rank: raw.rank,
        summary,
        aliases: raw.aliases.clone(),
        draft: raw.draft,
        competencies,
        transition,
        body,
        headings,
        fragments: fields.take_fragments(),
        source_path: source.path.clone(),
        lint_allow,
        has_competencies: !raw.competencies.is_empty(),
        origin: Origin::new(&source.path, source.yaml_text(), source.yaml_line_offset),
    };
    (Some(level), fields.finish())
}

/// The items of one list (a category at a level, an area's list at a level) at `path`:
/// Markdown rendered, each `thread` a slug used once in the list.
fn build_items(fields: &mut FieldRenderer, items: &[RawItem], path: &[Seg]) -> Vec<Item> {
    // Thread id → the index of the first item continuing it.
    let mut threads: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, raw) in items.iter().enumerate() {
        let at = below(path, [Seg::Index(i)]);
        out.push(build_item(fields, raw, &at));
        let Some(thread) = raw.thread() else { continue };
        // Located only when there is a problem: locating re-parses the YAML.
        let location = |fields: &FieldRenderer| {
            fields.locate(&below(&at, [Seg::key("thread")]), Target::Value)
        };
        if !is_slug(thread) {
            let location = location(fields);
            fields.push(
                Diagnostic::error(
                    location,
                    format!("`{}` is not a valid thread id", clip(thread)),
                )
                .with_help("expected lowercase letters, digits and `-`, such as `code-review`"),
            );
        } else if let Some(&first) = threads.get(thread) {
            let location = location(fields);
            let first_at = below(path, [Seg::Index(first)]);
            let first_line = fields
                .locate(&below(&first_at, [Seg::key("thread")]), Target::Value)
                .line;
            fields.push(
                Diagnostic::error(location, format!("duplicate thread `{thread}`")).with_help(
                    format!(
                        "{} (line {first_line}) continues `{thread}` already: expected each item of a list to continue its own thread",
                        yaml::display_path(&first_at),
                    ),
                ),
            );
        } else {
            threads.insert(thread, i);
        }
    }
    let mut keys: Vec<String> = out.iter_mut().map(|i| std::mem::take(&mut i.key)).collect();
    routes::dedupe_keys(&mut keys);
    for (item, key) in out.iter_mut().zip(keys) {
        item.key = key;
    }
    out
}

/// `path` followed by `segs`.
fn below<const N: usize>(path: &[Seg], segs: [Seg; N]) -> Vec<Seg> {
    let mut at = Vec::with_capacity(path.len() + N);
    at.extend_from_slice(path);
    at.extend(segs);
    at
}

/// One item at `path`: its text (under `text` when written as a mapping) and examples.
fn build_item(fields: &mut FieldRenderer, raw: &RawItem, path: &[Seg]) -> Item {
    let text = if raw.is_full() {
        fields.inline(raw.text(), &below(path, [Seg::key("text")]))
    } else {
        fields.inline(raw.text(), path)
    };
    let examples = raw
        .examples()
        .iter()
        .enumerate()
        .map(|(j, example)| {
            fields.inline(example, &below(path, [Seg::key("examples"), Seg::Index(j)]))
        })
        .collect();
    Item {
        key: routes::item_key(raw.thread(), &text.plain),
        text,
        examples,
        thread: raw.thread().map(str::to_string),
    }
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
            let at = [Seg::key("expectations"), Seg::key(id)];
            raw.expectations.get(*id).map(|e| match e {
                RawExpectation::Text(text) => Expectation {
                    items: vec![Item::plain(fields.inline(text, &at))],
                    list: false,
                },
                RawExpectation::List(items) => Expectation {
                    items: build_items(&mut fields, items, &at),
                    list: true,
                },
            })
        })
        .collect();
    let (lint_allow, lint_errors) = crate::lint::check_allow(&raw.lint.allow, |i| {
        source.locate(
            &[Seg::key("lint"), Seg::key("allow"), Seg::Index(i)],
            Target::Value,
        )
    });
    for e in lint_errors {
        fields.push(e);
    }
    let (body, headings) = fields.body(raw.body.as_deref());
    let area = Area {
        id: source.id.clone(),
        title,
        summary,
        expectations,
        body,
        headings,
        fragments: fields.take_fragments(),
        source_path: source.path.clone(),
        lint_allow,
        origin: Origin::new(&source.path, source.yaml_text(), source.yaml_line_offset),
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
        let in_track = content_path
            .strip_prefix("tracks/")
            .and_then(|r| r.split_once('/'));
        let rest = in_track.map_or(content_path, |(_, rest)| rest);
        let kind = if rest.starts_with("levels/") {
            SourceKind::Level
        } else if rest.starts_with("areas/") {
            SourceKind::Area
        } else if in_track.is_some() {
            SourceKind::Track
        } else if content_path.starts_with("pages/") {
            SourceKind::Page
        } else {
            SourceKind::Index
        };
        parse_source(kind, path, content_path, text.to_string()).unwrap()
    }

    fn run(files: &[(&str, &str)]) -> (Option<Ladder>, Diagnostics) {
        let (site, _) = parse_site_config(SITE).unwrap();
        validate(
            site,
            files.iter().map(|(p, t)| src(p, t)).collect(),
            &[],
            false,
            None,
        )
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
        let ids: Vec<_> = ladder.tracks[0]
            .levels
            .iter()
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(ids, ["junior", "senior"]);
        assert_eq!(
            ladder.tracks[0].levels[1].competencies[0][0].text.html,
            "Designs"
        );
        assert_eq!(
            ladder.tracks[0].levels[1].competencies[1][0].text.html,
            "Leads"
        );
        assert_eq!(ladder.tracks[0].levels[0].short, "Junior");
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
                "title: APIs\nexpectations:\n  a: \"[A](../levels/a.md)\"\nbody: \"## Scope\"\n",
            ),
        ]);
        assert!(!d.has_errors(), "{d}");
        let ladder = ladder.unwrap();
        assert!(
            ladder.tracks[0].levels[0]
                .body
                .html
                .contains("href=\"rungs-root:/areas/apis/#scope\"")
        );
        let e = ladder.tracks[0].areas[0].expectations[0].as_ref().unwrap();
        assert_eq!(
            e.items[0].text.html,
            "<a href=\"rungs-root:/levels/a/\">A</a>"
        );
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
        validate(
            site,
            files.iter().map(|(p, t)| src(p, t)).collect(),
            &[],
            false,
            cache,
        )
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
                format!("{:?}", cached.unwrap().tracks[0].areas),
                format!("{:?}", fresh.unwrap().tracks[0].areas)
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
        let area = &ladder.unwrap().tracks[0].areas[0];
        assert!(area.expectations[0].is_none());
        assert_eq!(
            area.expectations[1].as_ref().unwrap().items[0]
                .text
                .markdown,
            "for b"
        );
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
        assert_eq!(ladder.unwrap().tracks[0].levels[0].title, "null");
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
        assert_eq!(ladder.unwrap().tracks[0].levels[0].rank, 1_000_000);
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
    fn drafts_are_validated_but_left_out_unless_asked_for() {
        let files = [
            ("content/levels/a.md", "---\ntitle: A\nrank: 1\n---\n"),
            (
                "content/levels/b.md",
                "---\ntitle: B\nrank: 2\ndraft: true\ntransition: After [A](a.md).\n---\n",
            ),
            (
                "content/areas/x.md",
                "---\ntitle: X\nexpectations:\n  a: xa\n  b: xb\n---\n",
            ),
        ];
        let (site, _) = parse_site_config(SITE).unwrap();
        let sources = || files.iter().map(|(p, t)| src(p, t)).collect::<Vec<_>>();
        let (ladder, d) = validate(site.clone(), sources(), &[], false, None);
        assert!(!d.has_errors(), "{d}");
        let ladder = ladder.unwrap();
        assert_eq!(ladder.tracks[0].levels.len(), 1);
        assert_eq!(ladder.tracks[0].areas[0].expectations.len(), 1);
        let (ladder, d) = validate(site, sources(), &[], true, None);
        assert!(!d.has_errors(), "{d}");
        let ladder = ladder.unwrap();
        assert!(ladder.tracks[0].levels[1].draft);
        assert_eq!(
            ladder.tracks[0].areas[0].expectations[1]
                .as_ref()
                .unwrap()
                .items[0]
                .text
                .markdown,
            "xb"
        );
        // Every level a draft: one clear error.
        let (_, d) = run(&[(
            "content/levels/b.md",
            "---\ntitle: B\nrank: 2\ndraft: true\n---\n",
        )]);
        assert_eq!(
            messages(&d),
            [
                "content/levels:1:1: error: every level is a draft: without `--drafts` there are no levels to build\n  = expected at least one level without `draft: true`, or build with `--drafts`"
            ]
        );
    }

    #[test]
    fn with_tracks_aliases_are_per_track_and_drafts_are_left_out_of_their_track() {
        let track = "---\ntitle: T\n---\n";
        let files = [
            ("content/tracks/ic/_index.md", track),
            ("content/tracks/sre/_index.md", track),
            (
                "content/tracks/ic/levels/ic1.md",
                "---\ntitle: IC1\nrank: 1\naliases: [L1]\n---\n",
            ),
            (
                "content/tracks/ic/levels/ic2.md",
                "---\ntitle: IC2\nrank: 2\ndraft: true\n---\n",
            ),
            (
                "content/tracks/sre/levels/sre1.md",
                "---\ntitle: SRE1\nrank: 1\naliases: [L1]\n---\nNext: [IC2](../../ic/levels/ic2.md).\n",
            ),
            (
                "content/tracks/sre/levels/sre2.md",
                "---\ntitle: SRE2\nrank: 2\ndraft: true\n---\n",
            ),
        ];
        let (ladder, d) = run(&files[..5]);
        // The same alias in two tracks is fine (peers may share a grade's name); a link from
        // a published level to a draft of another track is not.
        assert_eq!(
            messages(&d),
            [
                "content/tracks/sre/levels/sre1.md:6:7: error: link to `../../ic/levels/ic2.md`, a draft level left out of this build\n  = expected a link to a page of this build: publish the level (remove `draft: true`), link to it from drafts only, or build with `--drafts`"
            ]
        );
        assert!(ladder.is_none());
        let mut published = files;
        published[4].1 = "---\ntitle: SRE1\nrank: 1\naliases: [L1]\n---\n";
        let (ladder, d) = run(&published);
        assert!(!d.has_errors(), "{d}");
        let ladder = ladder.unwrap();
        let counts: Vec<usize> = ladder.tracks.iter().map(|t| t.levels.len()).collect();
        assert_eq!(counts, [1, 1], "drafts are left out of every track");
        // Within a track an alias names one level.
        let (_, d) = run(&[
            ("content/tracks/ic/_index.md", track),
            (
                "content/tracks/ic/levels/ic1.md",
                "---\ntitle: IC1\nrank: 1\naliases: [L1]\n---\n",
            ),
            (
                "content/tracks/ic/levels/ic2.md",
                "---\ntitle: IC2\nrank: 2\naliases: [l1]\n---\n",
            ),
        ]);
        assert_eq!(
            messages(&d),
            [
                "content/tracks/ic/levels/ic2.md:4:11: error: duplicate alias `l1`\n  = content/tracks/ic/levels/ic1.md has it as its alias: expected each alias to name one level"
            ]
        );
        // A track whose every level is a draft says so.
        let (_, d) = run(&[
            ("content/tracks/ic/_index.md", track),
            ("content/tracks/sre/_index.md", track),
            (
                "content/tracks/ic/levels/ic1.md",
                "---\ntitle: IC1\nrank: 1\n---\n",
            ),
            files[5],
        ]);
        assert_eq!(
            messages(&d),
            [
                "content/tracks/sre/levels:1:1: error: every level of track `sre` is a draft: without `--drafts` there are no levels to build\n  = expected at least one level without `draft: true`, or build with `--drafts`"
            ]
        );
    }

    #[test]
    fn free_pages_are_ordered_by_weight_then_id() {
        let (ladder, d) = run(&[
            ("content/levels/a.md", "---\ntitle: A\nrank: 1\n---\n"),
            ("content/pages/zeta.md", "---\ntitle: Z\nweight: 1\n---\n"),
            ("content/pages/beta.md", "---\ntitle: B\nnav: true\n---\n"),
            (
                "content/pages/alpha.yaml",
                "title: A\nbody: See [A](../levels/a.md).\n",
            ),
        ]);
        assert!(!d.has_errors(), "{d}");
        let ladder = ladder.unwrap();
        let ids: Vec<&str> = ladder.pages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["zeta", "alpha", "beta"]);
        assert!(ladder.pages[2].nav);
        assert!(
            ladder.pages[1]
                .body
                .html
                .contains("href=\"rungs-root:/levels/a/\"")
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

    const TRACK_A: &str = "---\ntitle: Alpha\nweight: 2\n---\n";
    const TRACK_B: &str = "---\ntitle: Beta\nshort: B\nweight: 1\ncategories: [scope]\n---\n";

    #[test]
    fn tracks_keep_their_own_ids_ranks_and_order() {
        let (ladder, d) = run(&[
            ("content/_index.md", "---\ntitle: H\n---\n## Tracks\n"),
            ("content/tracks/a/_index.md", TRACK_A),
            (
                "content/tracks/a/levels/one.md",
                "---\ntitle: A1\nrank: 1\n---\n",
            ),
            (
                "content/tracks/a/levels/two.md",
                "---\ntitle: A2\nrank: 2\n---\n",
            ),
            ("content/tracks/b/_index.md", TRACK_B),
            // The same id and rank as in track a: a peer, not a duplicate.
            (
                "content/tracks/b/levels/one.md",
                "---\ntitle: B1\nrank: 2\n---\n",
            ),
            (
                "content/tracks/b/areas/x.md",
                "---\ntitle: X\nexpectations:\n  one: x\n---\n",
            ),
        ]);
        assert!(!d.has_errors(), "{d}");
        let ladder = ladder.unwrap();
        assert!(ladder.is_multi_track());
        let ids: Vec<_> = ladder.tracks.iter().map(|t| t.id.as_deref()).collect();
        assert_eq!(ids, [Some("b"), Some("a")], "by weight");
        let (b, a) = (&ladder.tracks[0], &ladder.tracks[1]);
        assert_eq!((b.short.as_str(), a.short.as_str()), ("B", "Alpha"));
        assert_eq!(b.categories, [1]);
        assert_eq!(a.categories, [0, 1]);
        assert_eq!(b.areas[0].expectations.len(), 1);
        assert_eq!(ladder.peers(0, 0), [(1, 1)]);
        assert_eq!(ladder.peers(1, 0), []);
        assert_eq!(ladder.peer_pairs(), [((0, 0), (1, 1))]);
        // The home page's list of tracks keeps its id.
        assert_eq!(ladder.intro.headings[0].id, "tracks-1");
    }

    #[test]
    fn a_single_track_ladder_is_one_implicit_track() {
        let (ladder, d) = run(&[("content/levels/junior.md", JUNIOR)]);
        assert!(!d.has_errors(), "{d}");
        let ladder = ladder.unwrap();
        assert!(!ladder.is_multi_track());
        assert_eq!(ladder.tracks.len(), 1);
        assert_eq!(ladder.tracks[0].id, None);
        assert_eq!(ladder.tracks[0].categories, [0, 1]);
        assert!(ladder.peer_pairs().is_empty());
    }

    #[test]
    fn a_broken_track_category_list_does_not_make_every_level_an_error() {
        let (_, d) = run(&[
            (
                "content/tracks/a/_index.md",
                "---\ntitle: A\ncategories: [tehc]\n---\n",
            ),
            (
                "content/tracks/a/levels/one.md",
                "---\ntitle: A1\nrank: 1\ncompetencies:\n  scope: [x]\n---\n",
            ),
        ]);
        assert_eq!(
            messages(&d),
            [
                "content/tracks/a/_index.md:3:14: error: unknown category `tehc`\n  = did you mean `tech`?"
            ]
        );
    }

    #[test]
    fn a_track_describes_only_categories_it_applies() {
        let (_, d) = run(&[
            (
                "content/tracks/a/_index.md",
                "---\ntitle: A\ncategories: [tech, tech]\ncategory_descriptions:\n  scope: x\n---\n",
            ),
            (
                "content/tracks/a/levels/one.md",
                "---\ntitle: A1\nrank: 1\n---\n",
            ),
        ]);
        assert_eq!(
            messages(&d),
            [
                "content/tracks/a/_index.md:3:20: error: category `tech` is listed twice\n  = expected each category once in `categories`",
                "content/tracks/a/_index.md:5:3: error: a description for category `scope`, which this track does not apply\n  = expected a category listed in `categories`: add `scope` there, or remove its description",
            ]
        );
    }

    #[test]
    fn a_track_without_levels_is_an_error() {
        let (_, d) = run(&[
            ("content/tracks/a/_index.md", TRACK_A),
            (
                "content/tracks/a/levels/one.md",
                "---\ntitle: A1\nrank: 1\n---\n",
            ),
            ("content/tracks/b/_index.md", TRACK_B),
        ]);
        assert_eq!(
            messages(&d),
            [
                "content/tracks/b/levels:1:1: error: track `b` has no levels\n  = expected at least one file content/tracks/b/levels/<id>.md with `title:` and `rank:`"
            ]
        );
    }

    #[test]
    fn cached_validation_with_tracks_gives_the_same_result_as_a_fresh_one() {
        let files = [
            ("content/tracks/a/_index.md", TRACK_A),
            (
                "content/tracks/a/levels/one.md",
                "---\ntitle: A1\nrank: 1\n---\n",
            ),
            (
                "content/tracks/a/areas/x.md",
                "---\ntitle: X\nexpectations:\n  one: xa\n---\n",
            ),
            ("content/tracks/b/_index.md", TRACK_B),
            (
                "content/tracks/b/levels/one.md",
                "---\ntitle: B1\nrank: 1\n---\n",
            ),
            (
                "content/tracks/b/areas/x.md",
                "---\ntitle: X\nexpectations:\n  one: xb\n---\n",
            ),
        ];
        let mut cache = AreaCache::default();
        run_cached(&files, Some(&mut cache));
        let (cached, _) = run_cached(&files, Some(&mut cache));
        let (fresh, _) = run_cached(&files, None);
        let areas = |l: Ladder| {
            l.tracks
                .iter()
                .map(|t| format!("{:?}", t.areas))
                .collect::<Vec<_>>()
        };
        assert_eq!(areas(cached.unwrap()), areas(fresh.unwrap()));
    }
}
