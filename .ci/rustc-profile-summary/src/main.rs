//! Self time of a rustc `-Zself-profile` run, by query and by generated
//! item: `rustc-profile-summary FILE.mm_profdata [CRATE]`.
//!
//! An item's key is its module under the crate and the last segment of its
//! path (`json::read`, `types::fmt`, `server::Api`): the per-type impls of
//! one kind add up, so what costs is the kind, not one type.

use analyzeme::{ProfilingData, Timestamp};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

/// One timed event: its thread, interval (ns since the epoch), query and first argument.
struct Span {
    thread: u32,
    start: u128,
    end: u128,
    query: String,
    item: String,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: rustc-profile-summary FILE.mm_profdata [CRATE]");
        std::process::exit(2);
    };
    let krate = args.next().unwrap_or_default();
    let data = ProfilingData::new(Path::new(&file)).unwrap_or_else(|error| {
        eprintln!("{file}: {error}");
        std::process::exit(1);
    });
    let nanos = |time: std::time::SystemTime| time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_nanos();
    let mut spans: Vec<Span> = data
        .iter_full()
        .filter_map(|event| match event.payload.timestamp()? {
            Timestamp::Interval { start, end } => Some(Span {
                thread: event.thread_id,
                start: nanos(start),
                end: nanos(end),
                query: event.label.to_string(),
                item: event.additional_data.first().map(|arg| arg.to_string()).unwrap_or_default(),
            }),
            Timestamp::Instant(_) => None,
        })
        .collect();
    // Parents before their children: by thread, then start, the longer first.
    spans.sort_by_key(|span| (span.thread, span.start, std::cmp::Reverse(span.end)));

    let mut by_query: BTreeMap<&str, u128> = BTreeMap::new();
    let mut by_item: BTreeMap<String, u128> = BTreeMap::new();
    // Open spans: index and the time of their children so far.
    let mut open: Vec<(usize, u128)> = Vec::new();
    let mut close = |open: &mut Vec<(usize, u128)>| {
        let (index, children) = open.pop().expect("a span is open");
        let span = &spans[index];
        let own = (span.end - span.start).saturating_sub(children);
        *by_query.entry(&span.query).or_default() += own;
        if let Some(key) = item_key(&span.item, &krate) {
            *by_item.entry(key).or_default() += own;
        }
        if let Some(parent) = open.last_mut() {
            parent.1 += span.end - span.start;
        }
    };
    for (index, span) in spans.iter().enumerate() {
        while let Some(&(top, _)) = open.last() {
            if spans[top].thread != span.thread || spans[top].end <= span.start {
                close(&mut open);
            } else {
                break;
            }
        }
        open.push((index, 0));
    }
    while !open.is_empty() {
        close(&mut open);
    }
    print_top("self time by query (ms; threads add up)", by_query.into_iter().map(|(k, v)| (k.to_string(), v)), 30);
    print_top("self time by generated item kind (ms)", by_item, 30);
}

/// `krate::api::module::...::last` as `module::last`, `{{impl}}` as `(impl)`;
/// nothing for an argument that is not an item of the crate.
fn item_key(item: &str, krate: &str) -> Option<String> {
    let path: Vec<&str> = item.split("::").collect();
    if krate.is_empty() || path.first() != Some(&krate) || path.len() < 3 || item.contains(' ') {
        return None;
    }
    let last = path[path.len() - 1];
    let last = if last.starts_with("{{") { "(impl)" } else { last };
    Some(format!("{}::{last}", path[2]))
}

fn print_top(title: &str, totals: impl IntoIterator<Item = (String, u128)>, count: usize) {
    let mut totals: Vec<(String, u128)> = totals.into_iter().collect();
    totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!("== {title}");
    for (key, nanos) in totals.into_iter().take(count) {
        println!("{:10.1}  {key}", nanos as f64 / 1e6);
    }
}
