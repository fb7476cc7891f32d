//! The self-assessment pages (`assess/`): a complete checklist without JavaScript, and in a
//! real browser (headless Chromium over the DevTools protocol) ratings kept across reloads,
//! share links that restore them in a fresh profile and survive edits of the ladder, exact
//! summary counts and Markdown export, no request off the site's origin, axe-core with no
//! violation and no sideways scroll at 375 px.

use crate::support::static_server::StaticServer;
use crate::support::*;
use headless_chrome::Tab;
use headless_chrome::browser::tab::{RequestInterceptor, RequestPausedDecision};
use headless_chrome::browser::transport::{SessionId, Transport};
use headless_chrome::protocol::cdp::Fetch::events::RequestPausedEvent;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The ids of the Expert level's expectations in the small-ladder fixture, in page order:
/// its competencies per category, then its growth areas by weight.
const EXPERT_IDS: [&str; 7] = [
    "craft.designs-systems-apis-for-10",
    "craft.keeps-complexity-down",
    "collaboration.aligns-teams-on-designs",
    "leadership.mentors-practitioners",
    "area.testing",
    "area.mentoring",
    "area.observability",
];

fn ids_of(doc: &scraper::Html) -> Vec<String> {
    doc.select(&sel(".assess-item"))
        .map(|e| e.value().attr("data-id").unwrap_or_default().to_string())
        .collect()
}

#[test]
fn every_expectation_of_the_level_is_a_checklist_entry_without_javascript() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let page = site.page("assess/expert/index.html");
    assert_eq!(ids_of(&page), EXPERT_IDS);
    let items: Vec<_> = page.select(&sel(".assess-item")).collect();
    let mut names = Vec::new();
    for item in &items {
        let html_id = item.value().attr("id").expect("an id");
        let radios: Vec<_> = item.select(&sel("input[type=radio]")).collect();
        assert_eq!(
            radios
                .iter()
                .map(|r| r.value().attr("value").unwrap())
                .collect::<Vec<_>>(),
            ["0", "1", "2"]
        );
        let name = radios[0].value().attr("name").expect("a group name");
        assert!(radios.iter().all(|r| r.value().attr("name") == Some(name)));
        names.push(name.to_string());
        assert!(radios.iter().all(|r| r.value().attr("checked").is_none()));
        // The radio group is named by the expectation's text.
        let group = item.select(&sel("fieldset")).next().unwrap();
        let label = group.value().attr("aria-labelledby").unwrap();
        assert_eq!(
            item.select(&sel(&format!("[id='{label}']"))).count(),
            1,
            "{html_id}"
        );
        let note = item.select(&sel("textarea")).next().expect("a note box");
        let for_note = format!("label[for='{}']", note.value().attr("id").unwrap());
        assert_eq!(item.select(&sel(&for_note)).count(), 1);
    }
    // One radio group per expectation, each with its own name.
    assert_eq!(names, ["r_1", "r_2", "r_3", "r_4", "r_5", "r_6", "r_7"]);
    assert_eq!(
        page.select(&sel(".assess-item"))
            .map(|e| e.value().attr("id").unwrap())
            .collect::<Vec<_>>(),
        EXPERT_IDS.map(|id| format!("x_{id}"))
    );
    assert_eq!(
        texts(&page, ".assess-item__text"),
        [
            "New Designs systems & APIs for <10 ms latency",
            "Keeps complexity down",
            "New Aligns teams on designs",
            "New Mentors practitioners",
            // A growth area's one-text expectation continues the area's text at the level
            // below (the area is its thread): grown.
            "Grown Sets the testing strategy of a system",
            "Grown Mentors practitioners toward expert",
            "Grown Designs alerting"
        ]
    );
    assert_eq!(
        texts(&page, ".assess-group > h3, .assess-group > h4"),
        [
            "Craft & Code",
            "Collaboration",
            "Leadership <of people>",
            "Testing & Quality",
            "Mentoring <people>",
            "Observability"
        ]
    );
    // The chooser marks the level assessed.
    assert_eq!(
        page.select(&sel(".assess-chooser a[aria-current=page]"))
            .map(|a| a.value().attr("href").unwrap())
            .collect::<Vec<_>>(),
        ["../../assess/expert/"]
    );
    assert_eq!(page.select(&sel(".assess-chooser a")).count(), 4);
    // The summary and tools need the script: hidden until it runs.
    let tools = page.select(&sel("[data-assess-tools]")).next().unwrap();
    assert!(tools.value().attr("hidden").is_some());
    // The first level has nothing to compare with: no marks.
    let first = site.page("assess/apprentice/index.html");
    assert_eq!(first.select(&sel(".badge")).count(), 0);
    assert!(first.select(&sel(".assess__marks")).next().is_none());
    // Every level page links to its checklist, the home page to the chooser.
    let level = site.page("levels/expert/index.html");
    let links: Vec<_> = level
        .select(&sel("a"))
        .filter(|a| text(*a) == "Assess yourself against this level")
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["../../assess/expert/"]);
    let home = site.page("index.html");
    let links: Vec<_> = home
        .select(&sel("a"))
        .filter(|a| text(*a) == "Assess yourself against a level")
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["./assess/"]);
    let chooser = site.page("assess/index.html");
    assert_eq!(
        chooser
            .select(&sel(".level-card__title"))
            .map(|a| a.value().attr("href").unwrap())
            .collect::<Vec<_>>(),
        [
            "../assess/apprentice/",
            "../assess/practitioner/",
            "../assess/expert/",
            "../assess/maitre/"
        ]
    );
    assert!(broken_links(&site.public()).is_empty());
}

#[test]
fn a_thread_continued_with_other_words_is_marked_grown_and_ids_follow_the_thread() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/levels/maitre.md",
        "---\ntitle: Maître\nrank: 40\ncompetencies:\n  craft:\n    - text: Keeps complexity down across teams\n      thread: simplicity\n    - Keeps complexity down\n  leadership:\n    - text: Mentors experts\n      examples: [Runs a mentoring circle]\n---\n",
    );
    site.write(
        "content/levels/expert.yml",
        "title: Expert\nrank: 30\ncompetencies:\n  craft:\n    - text: Keeps things simple\n      thread: simplicity\n",
    );
    site.build_ok();
    let page = site.page("assess/maitre/index.html");
    assert_eq!(
        ids_of(&page)[..3],
        [
            "craft.simplicity",
            "craft.keeps-complexity-down",
            "leadership.mentors-experts"
        ]
    );
    let classes: Vec<String> = page
        .select(&sel(".assess-item"))
        .take(3)
        .map(|e| e.value().attr("class").unwrap().to_string())
        .collect();
    assert_eq!(
        classes,
        [
            "assess-item assess-item--grown",
            "assess-item assess-item--new",
            "assess-item assess-item--new"
        ]
    );
    assert_eq!(
        texts(&page, ".assess-item__text")[0],
        "Grown Keeps complexity down across teams"
    );
    // Examples are shown under their item, collapsed.
    assert_eq!(
        texts(&page, "[id='x_leadership.mentors-experts'] details li"),
        ["Runs a mentoring circle"]
    );
    let marks = texts(&page, ".assess__marks");
    assert_eq!(
        marks,
        ["Marked “new” or “grown”: what changed since Expert."]
    );
}

#[test]
fn a_ladder_with_tracks_has_a_checklist_per_track_level_and_one_chooser() {
    let site = Site::fixture("tracks");
    site.build_ok();
    let chooser = site.page("assess/index.html");
    let tracks = texts(&chooser, ".assess-index h2");
    assert_eq!(tracks.len(), 3, "{tracks:?}");
    let hrefs: Vec<&str> = chooser
        .select(&sel(".level-card__title"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert!(hrefs.contains(&"../ic/assess/ic3/"), "{hrefs:?}");
    // The home page links the chooser, as without tracks.
    let home = site.page("index.html");
    let links: Vec<_> = home
        .select(&sel("a"))
        .filter(|a| text(*a) == "Assess yourself against a level")
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["./assess/"]);
    let level = site.page("ic/levels/ic3/index.html");
    assert!(
        level
            .select(&sel("a[href='../../../ic/assess/ic3/']"))
            .next()
            .is_some()
    );
    let page = site.page("ic/assess/ic3/index.html");
    // The chooser on a track's checklist lists that track's levels only.
    assert_eq!(
        page.select(&sel(".assess-chooser a"))
            .map(|a| a.value().attr("href").unwrap())
            .collect::<Vec<_>>(),
        [
            "../../../ic/assess/ic1/",
            "../../../ic/assess/ic2/",
            "../../../ic/assess/ic3/",
            "../../../ic/assess/ic4/"
        ]
    );
    let form = page.select(&sel("form[data-assess]")).next().unwrap();
    assert_eq!(form.value().attr("data-key"), Some("ic/ic3"));
    // Tracks often share level titles: the checklist names the track with its level, in
    // its heading, its title and the packet it saves.
    assert_eq!(
        texts(&page, "h1"),
        ["Assess yourself: Ingénieur·e IC3 (IC)"]
    );
    assert!(texts(&page, "title")[0].starts_with("Assess yourself: Ingénieur·e IC3 (IC) · "));
    assert_eq!(
        form.value().attr("data-level"),
        Some("Ingénieur·e IC3 (IC)")
    );
    assert!(
        form.value()
            .attr("data-page-title")
            .is_some_and(|t| t.contains("Ingénieur·e IC3 (IC)")),
        "{:?}",
        form.value().attr("data-page-title")
    );
    assert!(broken_links(&site.public()).is_empty());
}

/// Records the URL of every request the tab makes, letting each through.
struct Recorder(Arc<Mutex<Vec<String>>>);

impl RequestInterceptor for Recorder {
    fn intercept(
        &self,
        _transport: Arc<Transport>,
        _session_id: SessionId,
        event: RequestPausedEvent,
    ) -> RequestPausedDecision {
        if let Ok(mut urls) = self.0.lock() {
            urls.push(event.params.request.url.clone());
        }
        RequestPausedDecision::Continue(None)
    }
}

fn record_requests(tab: &Tab) -> Arc<Mutex<Vec<String>>> {
    let urls = Arc::new(Mutex::new(Vec::new()));
    tab.enable_fetch(None, None).expect("enable fetch");
    tab.enable_request_interception(Arc::new(Recorder(urls.clone())))
        .expect("intercept requests");
    urls
}

fn eval_string(tab: &Tab, js: &str) -> String {
    let value = tab.evaluate(js, false).expect("evaluate").value;
    match value {
        Some(serde_json::Value::String(s)) => s,
        other => panic!("{js} gave {other:?}"),
    }
}

/// Waits until the page's script has shown the tools (it has restored and rendered).
fn wait_ready(tab: &Tab) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ready = tab
            .evaluate(
                "!!document.querySelector('[data-assess-tools]') && !document.querySelector('[data-assess-tools]').hidden",
                false,
            )
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if ready {
            return;
        }
        assert!(Instant::now() < deadline, "the self-assessment script ran");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url).expect("navigate");
    tab.wait_until_navigated().expect("navigated");
    wait_ready(tab);
}

/// Every rating and note on the page, `id=rating|note` (rating `-` when none), in page order.
fn state_of(tab: &Tab) -> Vec<String> {
    let json = eval_string(
        tab,
        "JSON.stringify([...document.querySelectorAll('.assess-item')].map(el => el.dataset.id + '=' + ((el.querySelector('input:checked') || {}).value || '-') + '|' + el.querySelector('textarea').value))",
    );
    serde_json::from_str(&json).unwrap()
}

fn summary_of(tab: &Tab) -> Vec<Vec<String>> {
    let json = eval_string(
        tab,
        "JSON.stringify([...document.querySelectorAll('.assess-summary__table tbody tr, .assess-summary__table tfoot tr')].map(tr => [...tr.children].map(c => c.textContent)))",
    );
    serde_json::from_str(&json).unwrap()
}

fn rate(tab: &Tab, id: &str, rating: u8) {
    tab.find_element(&format!("[id='x_{id}'] input[value='{rating}']"))
        .expect("radio")
        .click()
        .expect("click");
}

fn note(tab: &Tab, id: &str, text: &str) {
    tab.find_element(&format!("[id='x_{id}'] textarea"))
        .expect("note box")
        .click()
        .expect("focus");
    tab.type_str(text).expect("type");
}

const NOTE_1: &str = "Led the cache redesign: p99 8 ms";
const NOTE_2: &str = "Next: the Q3 API review, with Ana & Bo";

const EXPECTED_PACKET: &str = "# Self-assessment: Expert <Senior> & Mentor

{base}assess/expert/

Consistently: 2 · Sometimes: 1 · Not yet: 1 · Not rated: 3

## Competencies

### Craft & Code

- Designs systems & APIs for <10 ms latency ({base}levels/expert/#craft.designs-systems-apis-for-10)
  - Rating: Consistently
  - Evidence: Led the cache redesign: p99 8 ms
- Keeps complexity down ({base}levels/expert/#craft.keeps-complexity-down)
  - Rating: Sometimes
  - Evidence:

### Collaboration

- Aligns teams on designs ({base}levels/expert/#collaboration.aligns-teams-on-designs)
  - Rating: Not yet
  - Evidence: Next: the Q3 API review, with Ana & Bo

### Leadership <of people>

- Mentors practitioners ({base}levels/expert/#leadership.mentors-practitioners)
  - Rating: Not rated
  - Evidence:

## Growth areas

### Testing & Quality

- Sets the testing strategy of a system ({base}levels/expert/#area.testing)
  - Rating: Consistently
  - Evidence:

### Mentoring <people>

- Mentors practitioners toward expert ({base}levels/expert/#area.mentoring)
  - Rating: Not rated
  - Evidence:

### Observability

- Designs alerting ({base}levels/expert/#area.observability)
  - Rating: Not rated
  - Evidence:
";

#[test]
fn ratings_stay_in_the_browser_travel_by_link_and_survive_edits_of_the_ladder() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let Some(axe) = axe_or_skip() else {
        return;
    };
    let site = Site::fixture("small-ladder");
    let built = site.rungs(&["build", "--base-url", "https://example.org/ladder/"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let server = StaticServer::start(&site.public(), "/ladder/");
    let base = format!("http://{}/ladder/", server.addr);
    let url = format!("{base}assess/expert/");

    let profile = tempfile::tempdir().unwrap();
    let browser = launch_chromium(chromium.clone(), profile.path());
    let tab = browser.new_tab().unwrap();
    let requests = record_requests(&tab);
    open(&tab, &url);
    assert_eq!(state_of(&tab).len(), 7);

    rate(&tab, EXPERT_IDS[0], 2);
    note(&tab, EXPERT_IDS[0], NOTE_1);
    rate(&tab, EXPERT_IDS[1], 1);
    rate(&tab, EXPERT_IDS[2], 0);
    note(&tab, EXPERT_IDS[2], NOTE_2);
    rate(&tab, EXPERT_IDS[4], 2);
    let expected_state = vec![
        format!("{}=2|{NOTE_1}", EXPERT_IDS[0]),
        format!("{}=1|", EXPERT_IDS[1]),
        format!("{}=0|{NOTE_2}", EXPERT_IDS[2]),
        format!("{}=-|", EXPERT_IDS[3]),
        format!("{}=2|", EXPERT_IDS[4]),
        format!("{}=-|", EXPERT_IDS[5]),
        format!("{}=-|", EXPERT_IDS[6]),
    ];
    assert_eq!(state_of(&tab), expected_state);

    // The summary: met (“consistently”) of all, sometimes, not yet, not rated.
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        summary_of(&tab),
        [
            row(&["Craft & Code", "1 / 2", "1", "0", "0"]),
            row(&["Collaboration", "0 / 1", "0", "1", "0"]),
            row(&["Leadership <of people>", "0 / 1", "0", "0", "1"]),
            row(&["Testing & Quality", "1 / 1", "0", "0", "0"]),
            row(&["Mentoring <people>", "0 / 1", "0", "0", "1"]),
            row(&["Observability", "0 / 1", "0", "0", "1"]),
            row(&["All expectations", "2 / 7", "1", "1", "3"]),
        ]
    );
    // The gap: what is “not yet” or “sometimes”, marked new where it is.
    let gap: Vec<String> = serde_json::from_str(&eval_string(
        &tab,
        "JSON.stringify([...document.querySelectorAll('[data-gap] li')].map(li => li.textContent))",
    ))
    .unwrap();
    assert_eq!(
        gap,
        [
            "Keeps complexity down — Sometimes",
            "Aligns teams on designs — Not yet (New)"
        ]
    );
    // The Markdown packet, exactly.
    let packet = eval_string(&tab, "document.querySelector('[data-packet]').value");
    assert_eq!(packet, EXPECTED_PACKET.replace("{base}", &base));

    // A reload keeps everything.
    open(&tab, &url);
    assert_eq!(state_of(&tab), expected_state);

    // The share link, opened in a fresh profile, gives the same ratings and notes.
    let link = eval_string(&tab, "document.querySelector('[data-share]').value");
    let (page_url, fragment) = link.split_once('#').expect("a fragment");
    assert_eq!(page_url, url);
    assert!(fragment.starts_with("assess=1:"), "{fragment}");
    eprintln!(
        "share link for 7 items, 4 rated, 2 notes: {} characters",
        link.len()
    );
    let other_profile = tempfile::tempdir().unwrap();
    let other = launch_chromium(chromium.clone(), other_profile.path());
    let fresh = other.new_tab().unwrap();
    let fresh_requests = record_requests(&fresh);
    open(&fresh, &link);
    assert_eq!(state_of(&fresh), expected_state);
    // The fragment is dropped once applied: the state is now this browser's.
    assert_eq!(fresh.get_url(), url);
    open(&fresh, &url);
    assert_eq!(state_of(&fresh), expected_state);

    // axe-core finds nothing, with ratings shown; and at 375 px nothing scrolls sideways.
    assert_eq!(axe_violations(&tab, &axe), Vec::<String>::new());
    let metrics: headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride =
        serde_json::from_value(serde_json::json!({
            "width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": true
        }))
        .unwrap();
    tab.call_method(metrics).expect("375 px viewport");
    open(&tab, &url);
    let widths = eval_string(
        &tab,
        "window.innerWidth + ' ' + document.documentElement.scrollWidth",
    );
    assert_eq!(widths, "375 375");
    assert_eq!(axe_violations(&tab, &axe), Vec::<String>::new());

    // Reorder the Expert level's craft items, reword the beginning of one, rebuild.
    site.write(
        "content/levels/expert.yml",
        "title: \"Expert <Senior> & Mentor\"\nshort: Expert\nrank: 30\ncompetencies:\n  leadership:\n    - Mentors practitioners\n  craft:\n    - Keeps complexity down\n    - \"Designs low-latency systems & APIs for <10 ms\"\n  collaboration:\n    - Aligns teams on designs\n",
    );
    let built = site.rungs(&["build", "--base-url", "https://example.org/ladder/"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let reworded = "craft.designs-lowlatency-systems-apis-for";
    let survived = vec![
        format!("{reworded}=-|"),
        format!("{}=1|", EXPERT_IDS[1]),
        format!("{}=0|{NOTE_2}", EXPERT_IDS[2]),
        format!("{}=-|", EXPERT_IDS[3]),
        format!("{}=2|", EXPERT_IDS[4]),
        format!("{}=-|", EXPERT_IDS[5]),
        format!("{}=-|", EXPERT_IDS[6]),
    ];
    let unmatched = |tab: &Tab| -> (bool, String, Vec<String>) {
        let hidden = tab
            .evaluate(
                "document.querySelector('[data-unmatched-box]').hidden",
                false,
            )
            .unwrap()
            .value
            .and_then(|v| v.as_bool())
            .unwrap();
        let text = eval_string(
            tab,
            "document.querySelector('[data-unmatched-text]').textContent",
        );
        let list = serde_json::from_str(&eval_string(
            tab,
            "JSON.stringify([...document.querySelectorAll('[data-unmatched-list] li')].map(li => li.textContent))",
        ))
        .unwrap();
        (hidden, text, list)
    };
    // The old link in a third profile: the others survive, the reworded one is reported.
    let third_profile = tempfile::tempdir().unwrap();
    let third = launch_chromium(chromium, third_profile.path());
    let later = third.new_tab().unwrap();
    open(&later, &link);
    let mut sorted = state_of(&later);
    sorted.sort();
    let mut expected = survived.clone();
    expected.sort();
    assert_eq!(sorted, expected);
    let (hidden, text, list) = unmatched(&later);
    assert!(!hidden);
    assert_eq!(
        text,
        "Saved ratings and notes that match no expectation of this level (the ladder changed): 1"
    );
    assert_eq!(list.len(), 1);
    assert!(
        list[0].ends_with(&format!(": Consistently — {NOTE_1}")),
        "{list:?}"
    );
    // The first browser's saved state moves to the new version the same way, naming the id.
    open(&tab, &url);
    let mut sorted = state_of(&tab);
    sorted.sort();
    assert_eq!(sorted, expected);
    let (hidden, _, list) = unmatched(&tab);
    assert!(!hidden);
    assert_eq!(
        list,
        [format!("{}: Consistently — {NOTE_1}", EXPERT_IDS[0])]
    );

    // “Clear everything” removes every key this site saved, and empties the form.
    tab.evaluate("window.confirm = () => true", false).unwrap();
    tab.find_element("[data-clear]").unwrap().click().unwrap();
    assert!(
        state_of(&tab).iter().all(|s| s.ends_with("=-|")),
        "{:?}",
        state_of(&tab)
    );
    let kept = eval_string(
        &tab,
        "String(Object.keys(localStorage).filter(k => k.startsWith('rungs-assess|')).length)",
    );
    assert_eq!(kept, "0");
    open(&tab, &url);
    assert!(state_of(&tab).iter().all(|s| s.ends_with("=-|")));
    assert_eq!(eval_string(&tab, "document.cookie"), "");

    // Nothing was asked of any other origin, and nothing but the site's own files.
    let origin = format!("http://{}/", server.addr);
    for urls in [requests, fresh_requests] {
        let urls = urls.lock().unwrap().clone();
        assert!(!urls.is_empty());
        let off: Vec<&String> = urls.iter().filter(|u| !u.starts_with(&origin)).collect();
        assert!(off.is_empty(), "requests off the site's origin: {off:?}");
    }
}

#[test]
fn a_share_link_for_every_expectation_of_the_shipped_senior_level_fits_a_chat_message() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let site = Site::shipped();
    site.build_ok();
    let server = StaticServer::start(&site.public(), "/");
    let profile = tempfile::tempdir().unwrap();
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().unwrap();
    let url = format!("http://{}/assess/senior/", server.addr);
    open(&tab, &url);
    // Every item rated; then every item with a short note as well (43 characters).
    let length = |notes: bool| -> usize {
        let js = format!(
            "(() => {{ const items = [...document.querySelectorAll('.assess-item')];
              items.forEach((el, i) => {{
                el.querySelectorAll('input')[i % 3].checked = true;
                el.querySelector('textarea').value = {};
              }});
              document.querySelector('form[data-assess]').dispatchEvent(new Event('change'));
              return items.length + ' ' + document.querySelector('[data-share]').value.length; }})()",
            if notes {
                "'Shipped #' + (100 + i) + ': see the design doc and review'"
            } else {
                "''"
            }
        );
        let out = eval_string(&tab, &js);
        let (items, len) = out.split_once(' ').unwrap();
        assert_eq!(items, "31", "26 competencies and 5 growth areas");
        len.parse().unwrap()
    };
    let bare = length(false);
    let with_notes = length(true);
    eprintln!(
        "share link, shipped Senior (31 items, all rated): {bare} characters; with a 43-character note on each: {with_notes}"
    );
    assert!(bare < 250, "{bare}");
    assert!(with_notes <= 2000, "{with_notes}");
    // The link restores all of it.
    let link = eval_string(&tab, "document.querySelector('[data-share]').value");
    let before = state_of(&tab);
    let other_profile = tempfile::tempdir().unwrap();
    let other = launch_chromium(find_chromium().unwrap(), other_profile.path());
    let fresh = other.new_tab().unwrap();
    open(&fresh, &link);
    assert_eq!(state_of(&fresh), before);
}

/// A share link made from README's description of the encoding alone.
fn readme_code(id: &str) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (0..6)
        .map(|i| {
            let bits = if i < 5 {
                (h >> (26 - 6 * i)) & 63
            } else {
                (h << 4) & 63
            };
            B64[bits as usize] as char
        })
        .collect()
}

/// `encodeURIComponent` with `%20` as `+`.
fn readme_note(note: &str) -> String {
    let mut out = String::new();
    for b in note.bytes() {
        match b {
            b' ' => out.push('+'),
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[test]
fn a_share_link_written_by_the_readme_encoding_restores_ratings_and_reports_strangers() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let codes: Vec<String> = EXPERT_IDS.iter().map(|id| readme_code(id)).collect();
    let k = (2..=6)
        .find(|&k| {
            let mut prefixes: Vec<&str> = codes.iter().map(|c| &c[..k]).collect();
            prefixes.sort_unstable();
            prefixes.dedup();
            prefixes.len() == codes.len()
        })
        .expect("codes tell the items apart");
    let code = |i: usize| &codes[i][..k];
    // A code no item has (all of this page's codes start with another character).
    let stranger: String = ["A", "B", "C", "D"]
        .iter()
        .map(|c| c.repeat(k))
        .find(|s| codes.iter().all(|c| &c[..k] != s))
        .unwrap();
    let ratings = format!("{}2{}0{stranger}1", code(1), code(6));
    let notes = [
        format!("{}{}", code(1), readme_note("Größe & +1: 100% (done)")),
        format!("{stranger}{}", readme_note("from an old ladder")),
    ]
    .join(";");
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let server = StaticServer::start(&site.public(), "/");
    let url = format!("http://{}/assess/expert/", server.addr);
    let profile = tempfile::tempdir().unwrap();
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().unwrap();
    open(&tab, &format!("{url}#assess=1:{k}:{ratings}:{notes}"));
    let state = state_of(&tab);
    assert_eq!(
        state[1],
        format!("{}=2|Größe & +1: 100% (done)", EXPERT_IDS[1])
    );
    assert_eq!(state[6], format!("{}=0|", EXPERT_IDS[6]));
    assert_eq!(
        state.iter().filter(|s| s.ends_with("=-|")).count(),
        5,
        "{state:?}"
    );
    let reported: Vec<String> = serde_json::from_str(&eval_string(
        &tab,
        "JSON.stringify([...document.querySelectorAll('[data-unmatched-list] li')].map(li => li.textContent))",
    ))
    .unwrap();
    assert_eq!(
        reported,
        [format!("?{stranger}: Sometimes — from an old ladder")]
    );
    // Any k up to 6 is read: all six characters of a code follow README.
    let full = format!("{url}#assess=1:6:{}1:", codes[0]);
    let other_profile = tempfile::tempdir().unwrap();
    let other = launch_chromium(find_chromium().unwrap(), other_profile.path());
    let fresh = other.new_tab().unwrap();
    open(&fresh, &full);
    assert_eq!(state_of(&fresh)[0], format!("{}=1|", EXPERT_IDS[0]));
    // The page writes the same link back (entries in page order).
    let link = eval_string(&tab, "document.querySelector('[data-share]').value");
    assert_eq!(
        link,
        format!(
            "{url}#assess=1:{k}:{}2{}0:{}{}",
            code(1),
            code(6),
            code(1),
            readme_note("Größe & +1: 100% (done)")
        )
    );
}

#[test]
fn the_ladder_version_changes_with_the_expectations_only() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let version = |site: &Site, page: &str| -> String {
        let doc = site.page(page);
        let form = doc.select(&sel("form[data-assess]")).next().unwrap();
        form.value().attr("data-version").unwrap().to_string()
    };
    let first = version(&site, "assess/expert/index.html");
    assert_eq!(first.len(), 16);
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()), "{first}");
    // One version for the whole ladder, the same on a rebuild.
    assert_eq!(version(&site, "assess/apprentice/index.html"), first);
    site.build_ok();
    assert_eq!(version(&site, "assess/expert/index.html"), first);
    // A body or a title is not an expectation.
    let practitioner = site.read("content/levels/practitioner.yaml");
    site.write(
        "content/levels/practitioner.yaml",
        &practitioner.replace("Practitioners own small services.", "Owns services."),
    );
    site.build_ok();
    assert_eq!(version(&site, "assess/expert/index.html"), first);
    // An expectation of any level, or of a growth area, is.
    site.write(
        "content/levels/practitioner.yaml",
        &practitioner.replace("Ships features end to end", "Ships features"),
    );
    site.build_ok();
    let second = version(&site, "assess/expert/index.html");
    assert_ne!(second, first);
    let observability = site.read("content/areas/observability.yml");
    site.write(
        "content/areas/observability.yml",
        &observability.replace("Reads dashboards", "Reads the dashboards"),
    );
    site.build_ok();
    assert_ne!(version(&site, "assess/expert/index.html"), second);
}

#[test]
fn the_checklist_works_from_rungs_serve() {
    let site = Site::fixture("small-ladder");
    let server = crate::support::serve::ServeProcess::start(site.root());
    let page = server.get("/assess/expert/");
    assert_eq!(page.status, 200);
    let doc = scraper::Html::parse_document(&page.body);
    assert_eq!(ids_of(&doc), EXPERT_IDS);
    assert_eq!(server.get("/assess/").status, 200);
    assert!(page.header("set-cookie").is_none());
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let profile = tempfile::tempdir().unwrap();
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().unwrap();
    let url = format!("http://{}/assess/expert/", server.addr);
    open(&tab, &url);
    rate(&tab, EXPERT_IDS[3], 1);
    open(&tab, &url);
    assert_eq!(state_of(&tab)[3], format!("{}=1|", EXPERT_IDS[3]));
    // The chooser passes axe-core too.
    let Some(axe) = axe_or_skip() else {
        return;
    };
    tab.navigate_to(&format!("http://{}/assess/", server.addr))
        .unwrap();
    tab.wait_until_navigated().unwrap();
    assert_eq!(axe_violations(&tab, &axe), Vec::<String>::new());
}

#[test]
fn the_checklist_works_from_disk() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let url = format!(
        "file://{}",
        site.public().join("assess/expert/index.html").display()
    );
    let profile = tempfile::tempdir().unwrap();
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().unwrap();
    open(&tab, &url);
    rate(&tab, EXPERT_IDS[2], 2);
    note(&tab, EXPERT_IDS[2], "On disk");
    open(&tab, &url);
    assert_eq!(state_of(&tab)[2], format!("{}=2|On disk", EXPERT_IDS[2]));
    let link = eval_string(&tab, "document.querySelector('[data-share]').value");
    assert!(link.starts_with(&format!("{url}#assess=1:")), "{link}");

    // Another state by link: this browser's saved ratings are replaced only when confirmed.
    let answer = |yes: bool| {
        let script: headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument =
            serde_json::from_value(serde_json::json!({
                "source": format!("window.confirm = () => {{ window.asked = (window.asked || 0) + 1; return {yes}; }};")
            }))
            .unwrap();
        tab.call_method(script).expect("answer confirmations");
    };
    let other = format!("{url}#assess=1:6:{}1:", readme_code(EXPERT_IDS[0]));
    answer(false);
    tab.navigate_to("about:blank").unwrap();
    open(&tab, &other);
    assert_eq!(eval_string(&tab, "String(window.asked)"), "1");
    assert_eq!(tab.get_url(), url);
    let state = state_of(&tab);
    assert_eq!(state[0], format!("{}=-|", EXPERT_IDS[0]));
    assert_eq!(state[2], format!("{}=2|On disk", EXPERT_IDS[2]));
    answer(true);
    tab.navigate_to("about:blank").unwrap();
    open(&tab, &other);
    let state = state_of(&tab);
    assert_eq!(state[0], format!("{}=1|", EXPERT_IDS[0]));
    assert_eq!(state[2], format!("{}=-|", EXPERT_IDS[2]));
    // The same state by link asks nothing.
    tab.navigate_to("about:blank").unwrap();
    open(&tab, &other);
    assert_eq!(eval_string(&tab, "String(window.asked)"), "undefined");
    // A link pasted over the open page (only the fragment changes) is read too.
    let third = format!("{url}#assess=1:6:{}0:", readme_code(EXPERT_IDS[3]));
    tab.evaluate(&format!("location.href = {third:?}"), false)
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while state_of(&tab)[3] != format!("{}=0|", EXPERT_IDS[3]) {
        assert!(Instant::now() < deadline, "{:?}", state_of(&tab));
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(state_of(&tab)[0], format!("{}=-|", EXPERT_IDS[0]));
    assert_eq!(eval_string(&tab, "String(window.asked)"), "1");
    assert_eq!(tab.get_url(), url);
}
