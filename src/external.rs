//! `--check-external`: every `http(s)` link and image of the ladder must answer.
//!
//! Opt-in (`check` and `build`), because it needs the network and time. Each distinct URL is
//! asked with `HEAD`, then with `GET` when `HEAD` fails (many servers refuse `HEAD`); a status
//! below 400 after redirects is good. At most [`CONCURRENCY`] requests run at once, each within
//! [`REQUEST_TIMEOUT`], all within [`OVERALL_TIMEOUT`] (URLs not reached by then are reported
//! as warnings, not errors). Good URLs are remembered in [`CACHE_PATH`] under the site root
//! for [`CACHE_TTL`], so a second run within a day asks only for new or broken links.
//!
//! A broken link is an error at every place it is written. This module reads the validated
//! ladder and the network; it writes only its cache file.

use crate::content::model::{ExternalRef, Ladder};
use crate::diag::{Diagnostic, Diagnostics, Location};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How many requests run at once.
pub const CONCURRENCY: usize = 8;

/// The longest one request (connection, redirects and response head) may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest the whole check may take: URLs not asked by then are warnings.
pub const OVERALL_TIMEOUT: Duration = Duration::from_secs(60);

/// Where good URLs are remembered, relative to the site root.
pub const CACHE_PATH: &str = ".rungs-cache/links.json";

/// How long a good URL is trusted without asking again.
pub const CACHE_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// The cache file: each good URL and when it last answered (seconds since 1970).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Cache {
    version: u32,
    good: BTreeMap<String, u64>,
}

/// What one URL gave.
enum Outcome {
    Good,
    Broken(String),
    NotChecked,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Whether `path` exists as itself: not a symbolic link (the cache is rungs' own file, and
/// never followed elsewhere).
fn is_plain(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink())
}

fn load_cache(root: &Path) -> Cache {
    let path = root.join(CACHE_PATH);
    let plain_file = path.parent().is_some_and(is_plain)
        && is_plain(&path)
        && std::fs::metadata(&path)
            .is_ok_and(|m| m.is_file() && m.len() <= crate::fsx::MAX_SOURCE_BYTES);
    if !plain_file {
        return Cache::default();
    }
    std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
        .filter(|c| c.version == 1)
        .unwrap_or_default()
}

/// Writes the cache beside a temporary file, then renames it in place; a cache that cannot
/// be written is only a slower next run. Never through a symbolic link.
fn save_cache(root: &Path, cache: &Cache) {
    let path = root.join(CACHE_PATH);
    let Some(dir) = path.parent() else {
        return;
    };
    if !is_plain(dir) && std::fs::create_dir(dir).is_err() {
        return;
    }
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let Ok(json) = serde_json::to_vec_pretty(cache) else {
        return;
    };
    let temp = dir.join(".links.json.tmp");
    if std::fs::write(&temp, json).is_ok() {
        let _ = std::fs::rename(&temp, &path);
    }
}

/// Every `http(s)` link of the ladder, where it is written.
fn external_links(ladder: &Ladder) -> Vec<&ExternalRef> {
    let mut out: Vec<&ExternalRef> = ladder.intro.fragments.external.iter().collect();
    for track in &ladder.tracks {
        out.extend(&track.fragments.external);
        for level in &track.levels {
            out.extend(&level.fragments.external);
        }
        for area in &track.areas {
            out.extend(&area.fragments.external);
        }
    }
    for page in &ladder.pages {
        out.extend(&page.fragments.external);
    }
    out
}

/// The URL asked for: without its fragment, which the server never sees.
fn request_url(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Asks for one URL: `HEAD`, then `GET` if `HEAD` did not give a good status.
fn probe(agent: &ureq::Agent, url: &str) -> Outcome {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|response| response.status().as_u16())
    };
    match status(agent.head(url).call()) {
        Ok(code) if code < 400 => return Outcome::Good,
        _ => {}
    }
    match status(agent.get(url).call()) {
        Ok(code) if code < 400 => Outcome::Good,
        Ok(code) => Outcome::Broken(format!("HTTP {code}")),
        Err(e) => Outcome::Broken(e.to_string()),
    }
}

/// Checks every `http(s)` link of the ladder. Errors for broken links, at each place one is
/// written; warnings for links the time limit left unchecked. Updates the cache under `root`.
pub fn check_external(ladder: &Ladder, root: &Path) -> Diagnostics {
    let links = external_links(ladder);
    let mut places: BTreeMap<&str, Vec<&Location>> = BTreeMap::new();
    for link in &links {
        places
            .entry(request_url(&link.url))
            .or_default()
            .push(&link.at);
    }
    let mut cache = load_cache(root);
    cache.version = 1;
    let started_at = now();
    let fresh = |checked: u64| started_at.saturating_sub(checked) < CACHE_TTL.as_secs();
    let todo: Vec<&str> = places
        .keys()
        .copied()
        .filter(|url| !cache.good.get(*url).is_some_and(|&t| fresh(t)))
        .collect();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(REQUEST_TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!(
            "rungs/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let queue = Mutex::new(todo.into_iter());
    let results: Mutex<HashMap<&str, Outcome>> = Mutex::new(HashMap::new());
    let deadline = Instant::now() + OVERALL_TIMEOUT;
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENCY {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.next());
                    let Some(url) = next else {
                        break;
                    };
                    let outcome = if Instant::now() >= deadline {
                        Outcome::NotChecked
                    } else {
                        probe(&agent, url)
                    };
                    if let Ok(mut r) = results.lock() {
                        r.insert(url, outcome);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    let mut diags = Diagnostics::new();
    for (url, outcome) in results {
        let at = places.get(url).cloned().unwrap_or_default();
        match outcome {
            Outcome::Good => {
                cache.good.insert(url.to_string(), started_at);
            }
            Outcome::Broken(why) => {
                cache.good.remove(url);
                for place in at {
                    diags.push(
                        Diagnostic::error(
                            place.clone(),
                            format!("broken external link `{url}`: {why}"),
                        )
                        .with_help(
                            "expected a URL that answers HEAD or GET with a status below 400: fix or remove the link",
                        ),
                    );
                }
            }
            Outcome::NotChecked => {
                for place in at {
                    diags.push(
                        Diagnostic::warning(
                            place.clone(),
                            format!("external link `{url}` not checked: the check ran out of time"),
                        )
                        .with_help(format!(
                            "the check stops asking after {} s; run it again (good links are remembered in {CACHE_PATH})",
                            OVERALL_TIMEOUT.as_secs()
                        )),
                    );
                }
            }
        }
    }
    cache.good.retain(|_, &mut t| fresh(t));
    save_cache(root, &cache);
    diags
}
