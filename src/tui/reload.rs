//! Live reload: the data files are watched, and a change loads and indexes them again in the
//! background. The folders are watched, not the files: editors that save by writing a new
//! file and renaming it over the old one replace the watched file. Where the system delivers
//! no events (some network filesystems), the folders are polled.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;

use crate::app::action::Event;
use crate::model::cache::{self, Policy};
use crate::model::search::Index;
use crate::model::DataSource;

/// Quiet time after the last event before reloading: a save is often several events.
const SETTLE: Duration = Duration::from_millis(250);
/// How often folders are polled where events are not delivered.
const POLL: Duration = Duration::from_secs(1);

/// Watches the data of `source` (nothing for the embedded data); each settled change sends
/// `Event::DataChanged`. The watcher lives as long as the returned value.
pub fn watch(
    source: &DataSource,
    tx: &mpsc::UnboundedSender<Event>,
) -> Option<Box<dyn Watcher + Send>> {
    let paths = source.paths();
    if paths.is_empty() {
        return None;
    }
    let targets: Vec<PathBuf> = paths.iter().map(|p| absolute(p)).collect();
    let folders: Vec<PathBuf> = targets
        .iter()
        .map(|p| match p.is_dir() {
            true => p.clone(),
            false => p
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        })
        .collect();
    let (raw_tx, mut raw_rx) = mpsc::unbounded_channel::<()>();
    let wanted = targets.clone();
    let handler = move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        // Reading the files (ours included) is not a change.
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        if event.paths.iter().any(|p| concerns(&wanted, p)) {
            let _ = raw_tx.send(());
        }
    };
    let mut watcher: Box<dyn Watcher + Send> = match notify::recommended_watcher(handler.clone()) {
        Ok(w) => Box::new(w),
        Err(_) => Box::new(poller(handler.clone())?),
    };
    let watched = folders
        .iter()
        .all(|f| watcher.watch(f, RecursiveMode::NonRecursive).is_ok());
    if !watched {
        let mut polling: Box<dyn Watcher + Send> = Box::new(poller(handler)?);
        for f in &folders {
            let _ = polling.watch(f, RecursiveMode::NonRecursive);
        }
        watcher = polling;
    }
    let tx = tx.clone();
    tokio::spawn(async move {
        while raw_rx.recv().await.is_some() {
            // Let the save finish: wait until events stop for a moment.
            while tokio::time::timeout(SETTLE, raw_rx.recv())
                .await
                .is_ok_and(|e| e.is_some())
            {}
            if tx.send(Event::DataChanged).is_err() {
                return;
            }
        }
    });
    Some(watcher)
}

fn poller<F>(handler: F) -> Option<notify::PollWatcher>
where
    F: notify::EventHandler,
{
    notify::PollWatcher::new(handler, notify::Config::default().with_poll_interval(POLL)).ok()
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// True when an event on `path` concerns the data: a data file itself, or a dataset file of
/// a data folder ([`crate::model::source::is_data_file_in_folder`]).
fn concerns(targets: &[PathBuf], path: &Path) -> bool {
    let path = absolute(path);
    targets.iter().any(|t| {
        *t == path
            || (t.is_dir()
                && path.parent() == Some(t)
                && crate::model::source::is_data_file_in_folder(&path))
    })
}

/// Loads and indexes `source` again; the new data with how it differs from `shown` (the data
/// on screen), or the problems that kept it out.
pub fn load(source: &DataSource, cache: &Policy, shown: &crate::model::Dataset) -> Event {
    load_telling(source, cache, shown, |_| {})
}

/// [`load`], saying which step it is at: 0 reading the files, 1 checking the records, 2
/// indexing them. Files whose index is in the cache are taken from it (a changed file has
/// another key: it is read and indexed again, and the cache written anew once its search
/// tables are made).
pub fn load_telling(
    source: &DataSource,
    cache: &Policy,
    shown: &crate::model::Dataset,
    step: impl Fn(u8),
) -> Event {
    let mut stamped = None;
    step(0);
    // Only files named alone are cached; the embedded data (alone or beside) is read.
    if let DataSource::Paths(paths) = source {
        if let Some(hit) = cache::lookup(cache, paths, cache::Need::Index) {
            if let Some(index) = hit.index {
                return loaded_event(hit.loaded, Arc::new(index), shown, None);
            }
        }
        stamped = cache::stamp(cache, paths);
    }
    let (files, problems) = source.read();
    let ticket = stamped.and_then(|s| s.ticket(&files));
    step(1);
    let loaded = crate::model::dataset::load_sources(&files, problems);
    drop(files);
    step(2);
    if loaded.errors() > 0 {
        let problems = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        tracing::warn!(
            errors = loaded.errors(),
            "reloaded data has errors; kept the last good data"
        );
        return Event::ReloadFailed(problems);
    }
    let index = Arc::new(Index::build(&loaded.dataset));
    loaded_event(loaded, index, shown, ticket)
}

/// The loaded data as the event that brings it in; its search tables made in the background,
/// and then, with a `ticket`, the cache written.
fn loaded_event(
    loaded: crate::model::Loaded,
    index: Arc<Index>,
    shown: &crate::model::Dataset,
    ticket: Option<cache::Ticket>,
) -> Event {
    let dataset = Arc::new(loaded.dataset);
    let keep = ticket.map(|t| (t, loaded.diagnostics.clone()));
    prepare_soon(&index, &dataset, keep);
    let warnings = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    let changes = dataset.changes_from(shown);
    Event::Reloaded(crate::app::event::Data {
        dataset,
        index,
        warnings,
        changes,
    })
}

/// What writing the cache needs once the search tables are made.
pub type Keep = (cache::Ticket, Vec<crate::model::Diagnostic>);

/// Works out in the background what the first keys of a search would otherwise wait for:
/// every record's score for each single letter (the first key of every query: 0.1 s at
/// 100,000 records), then the links between records (what the detail pane shows), how many
/// records hold each word (what questions are weighed by), the orders the list can be sorted
/// in, and which records hold each word (so a search reads only the records that may match).
/// Until each is ready, the search reads the records instead, and what needs the links or an
/// order makes it then. With `keep`, the index is written to the cache before the postings.
pub fn prepare_soon(index: &Arc<Index>, dataset: &Arc<crate::model::Dataset>, keep: Option<Keep>) {
    let (index, dataset) = (index.clone(), dataset.clone());
    let preparing = std::thread::Builder::new().name("search tables".into());
    // Without a thread, the search reads the records, and the first question counts words.
    let _ = preparing.spawn(move || {
        index.score_letters();
        dataset.link_lists();
        index.word_counts();
        index.orders(&dataset);
        if let Some((ticket, warnings)) = keep {
            ticket.keep(&warnings, &dataset, &index);
        }
        index.build_postings();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folders_hidden_files_do_not_concern_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().to_path_buf();
        let targets = [absolute(&folder)];
        let at = |name: &str| folder.join(name);
        assert!(concerns(&targets, &at("trip.json")));
        assert!(!concerns(&targets, &at(".#trip.json")));
        assert!(!concerns(&targets, &at("._trip.json")));
        assert!(!concerns(&targets, &at("notes.txt")));
    }

    /// A workbook named with --data is followed as a JSON file is: saved again the way a
    /// spreadsheet program saves (a new file renamed over the old), it is read again, and
    /// what it holds now is on screen.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_workbook_saved_again_is_loaded_again() {
        use crate::model::sheets::Words;
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("chuyen-di.xlsx");
        let all = DataSource::Embedded.load().dataset.records().to_vec();
        std::fs::write(
            &book,
            crate::export::workbook::write(Words::Vi, &all).unwrap(),
        )
        .unwrap();
        let mut edited = all.clone();
        if let crate::model::Record::Trip(trip) = &mut edited[0] {
            trip.common.title = "Chuyến đi, tên mới".into();
        }
        let source = DataSource::Paths(vec![book.clone()]);
        let shown = crate::model::Dataset::default();
        let first = match load(&source, &Policy::off(), &shown) {
            Event::Reloaded(first) => first,
            other => panic!("the workbook did not load: {other:?}"),
        };
        assert_eq!(first.dataset.len(), all.len());
        let (tx, mut rx) = mpsc::unbounded_channel();
        let _watcher = watch(&source, &tx).expect("a watcher");
        tokio::time::sleep(Duration::from_millis(200)).await;
        let saving = dir.path().join("lu1234.tmp");
        std::fs::write(
            &saving,
            crate::export::workbook::write(Words::Vi, &edited).unwrap(),
        )
        .unwrap();
        std::fs::rename(&saving, &book).unwrap();
        let changed = tokio::time::timeout(Duration::from_secs(20), rx.recv()).await;
        assert!(
            matches!(changed, Ok(Some(Event::DataChanged))),
            "no change seen: {changed:?}"
        );
        let Event::Reloaded(second) = load(&source, &Policy::off(), &first.dataset) else {
            panic!("the saved workbook did not load");
        };
        let trip = second.dataset.by_id(all[0].id()).expect("the trip");
        assert_eq!(trip.common().title, "Chuyến đi, tên mới");
    }

    #[test]
    fn loaded_data_gets_its_search_tables_in_the_background() {
        let shown = crate::model::Dataset::default();
        let Event::Reloaded(data) = load(&DataSource::Embedded, &Policy::off(), &shown) else {
            panic!("the embedded data did not load");
        };
        let start = std::time::Instant::now();
        while !data.index.words_counted() || data.index.letters().is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no letter scores or word counts after 20 s without a search asking"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
