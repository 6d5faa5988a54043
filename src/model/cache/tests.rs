use super::*;
use crate::model::dataset::load_sources;
use crate::model::search::{self, Query};

/// [`super::decode`] of a copy of `bytes`.
fn decode(bytes: &[u8], stamps: &[Stamp], build: &str, need: Need) -> Option<Hit> {
    super::decode(Arc::new(bytes.to_vec()), stamps, build, need)
}

fn stamped(name: &str) -> Vec<Stamp> {
    vec![Stamp {
        name: name.into(),
        path: PathBuf::from("/data").join(name),
        size: 36_000,
        modified: 1_733_000_000_123_456_789,
        hash: 0x1234_5678_9abc_def0,
    }]
}

/// The embedded data, loaded and indexed, with its word counts and letter scores made.
fn embedded() -> (Loaded, Index) {
    let loaded = DataSource::Embedded.load();
    let index = Index::build(&loaded.dataset);
    index.word_counts();
    index.score_letters();
    (loaded, index)
}

fn entry(loaded: &Loaded, index: &Index) -> Vec<u8> {
    encode(
        &stamped("a.json"),
        "build",
        &loaded.diagnostics,
        &loaded.dataset,
        index,
    )
}

/// What a few searches list, with their scores: equal for equal data and index.
fn answers(dataset: &Dataset, index: &Index) -> Vec<Vec<(usize, u32)>> {
    [
        "dak lak han quoc",
        "ca phe",
        "chinh sach ho ngheo",
        "o",
        "mo hinh che o dau",
    ]
    .iter()
    .map(|q| {
        let query: Query = search::parse(q);
        let never = std::sync::atomic::AtomicBool::new(false);
        search::search(dataset, index, &query, None, &never)
            .unwrap_or_default()
            .into_iter()
            .map(|h| (h.record, h.score.to_bits()))
            .collect()
    })
    .collect()
}

#[test]
fn an_entry_reads_back_as_the_data_and_index_it_was_made_of() {
    let (loaded, index) = embedded();
    let bytes = entry(&loaded, &index);
    let hit = decode(&bytes, &stamped("a.json"), "build", Need::Index).expect("a hit");
    // Made one at a time (before anything asks for them all), each is the record it was,
    // and so are its id, kind, counts and links.
    let (stored, made) = (&hit.loaded.dataset, &loaded.dataset);
    assert_eq!(stored.len(), made.len());
    for i in 0..made.len() {
        assert_eq!(stored.get(i), made.get(i), "record {i}");
        assert_eq!((stored.id(i), stored.kind(i)), (made.id(i), made.kind(i)));
    }
    for kind in crate::model::Kind::ALL {
        assert_eq!(stored.count(kind), made.count(kind));
    }
    for i in 0..made.len() {
        let id = made.id(i).unwrap();
        assert_eq!(stored.index_of(id), made.index_of(id));
        assert_eq!(stored.links(i), made.links(i), "links of {i}");
        assert_eq!(stored.place_in_trip(i), made.place_in_trip(i));
    }
    assert_eq!(stored.get(made.len()), None);
    assert_eq!(hit.loaded.dataset.records(), loaded.dataset.records());
    assert_eq!(hit.loaded.diagnostics, loaded.diagnostics);
    let cached = hit.index.expect("the index");
    assert_eq!(
        answers(&hit.loaded.dataset, &cached),
        answers(&loaded.dataset, &index)
    );
    assert!(cached.words_counted() && cached.letters().is_some());
    let only = decode(&bytes, &stamped("a.json"), "build", Need::Records).expect("a hit");
    assert!(only.index.is_none());
    assert_eq!(only.loaded.dataset.records(), loaded.dataset.records());
}

/// An index whose sort orders were not made (the TUI writes its entry when its background
/// work is done) is stored without them: read back, it makes them when asked, as they were.
#[test]
fn an_entry_without_the_sort_orders_makes_them_when_asked() {
    let (loaded, index) = embedded();
    assert!(!index.orders_made());
    let bytes = entry(&loaded, &index);
    let hit = decode(&bytes, &stamped("a.json"), "build", Need::Index).expect("a hit");
    let cached = hit.index.expect("the index");
    assert!(!cached.orders_made());
    assert_eq!(cached.ranks(), index.ranks());
    let with = Index::build_with_orders(&loaded.dataset);
    with.word_counts();
    with.score_letters();
    assert_eq!(with.ranks(), index.ranks());
    let asked = cached.orders(&hit.loaded.dataset).columns();
    assert_eq!(asked, with.orders_if_made().unwrap().columns());
    // With them, a larger entry, read back with them.
    let bigger = entry(&loaded, &with);
    assert!(bigger.len() > bytes.len());
    let hit = decode(&bigger, &stamped("a.json"), "build", Need::Index).expect("a hit");
    assert!(hit.index.expect("the index").orders_made());
}

/// Flips the byte at `at`, then writes the checksum anew, as damage the checksum missed would
/// look.
fn resealed(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut damaged = bytes.to_vec();
    damaged[at] ^= 0xFF;
    let sum = XxHash3_64::oneshot(&damaged[HEADER..]);
    damaged[20..28].copy_from_slice(&sum.to_le_bytes());
    damaged
}

#[test]
fn every_flipped_byte_gives_the_same_answers_or_a_miss() {
    let (loaded, index) = embedded();
    let bytes = entry(&loaded, &index);
    let right = answers(&loaded.dataset, &index);
    let stamps = stamped("a.json");
    let mut misses = 0;
    for at in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0xFF;
        match decode(&damaged, &stamps, "build", Need::Index) {
            None => misses += 1,
            Some(hit) => {
                let index = hit.index.expect("an index");
                assert_eq!(answers(&hit.loaded.dataset, &index), right, "byte {at}");
            }
        }
    }
    assert_eq!(
        misses,
        bytes.len(),
        "the checksum let a flipped byte through"
    );
}

#[test]
fn damage_the_checksum_missed_is_still_read_without_a_panic() {
    let (loaded, index) = embedded();
    let bytes = entry(&loaded, &index);
    let stamps = stamped("a.json");
    // Every byte of the header, the stamps and the first records, then every 13th: each
    // reading ends in a miss or in data that holds together, never in a panic.
    let places = (HEADER..bytes.len()).filter(|&at| at < 4096 || at % 13 == 0);
    let (mut misses, mut read) = (0, 0);
    for at in places {
        match decode(&resealed(&bytes, at), &stamps, "build", Need::Index) {
            None => misses += 1,
            Some(hit) => {
                let index = hit.index.expect("an index");
                let dataset = &hit.loaded.dataset;
                assert_eq!(index.len(), dataset.len());
                // Records are made as asked for: one by one, then all at once.
                for r in 0..dataset.len() {
                    let _ = (dataset.get(r), dataset.id(r), dataset.kind(r));
                }
                assert!(dataset.records().len() <= dataset.len());
                for r in 0..index.len() {
                    let entry = index.entry(r).expect("every record's entry");
                    for span in entry.spans {
                        let _ = entry.field(span);
                    }
                }
                read += 1;
            }
        }
    }
    assert!(misses > 1000 && read > 0, "{misses} misses, {read} read");
}

#[test]
fn an_entry_cut_short_or_of_another_build_or_files_is_a_miss() {
    let (loaded, index) = embedded();
    let bytes = entry(&loaded, &index);
    let stamps = stamped("a.json");
    for cut in (0..bytes.len()).step_by(97) {
        assert!(decode(&bytes[..cut], &stamps, "build", Need::Index).is_none());
    }
    assert!(decode(&bytes, &stamps, "another build", Need::Index).is_none());
    assert!(decode(&bytes, &stamped("b.json"), "build", Need::Index).is_none());
    let mut touched = stamped("a.json");
    touched[0].modified += 1;
    assert!(decode(&bytes, &touched, "build", Need::Index).is_none());
    let mut edited = stamped("a.json");
    edited[0].hash ^= 1;
    assert!(decode(&bytes, &edited, "build", Need::Index).is_none());
    assert!(decode(b"garbage", &stamps, "build", Need::Index).is_none());
}

/// A data file (the embedded data's text) and a cache folder, in a temporary folder.
fn setup() -> (tempfile::TempDir, PathBuf, Policy) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.json");
    std::fs::write(&data, crate::model::source::EMBEDDED[0].1).unwrap();
    let policy = Policy {
        dir: Some(dir.path().join("cache").join("findings")),
        limit: DEFAULT_LIMIT,
    };
    (dir, data, policy)
}

fn source(data: &Path) -> DataSource {
    DataSource::Paths(vec![data.to_path_buf()])
}

#[test]
fn the_first_run_writes_the_entry_and_the_next_one_reads_it() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, data, policy) = setup();
    let mut first = load(&source(&data), &policy, Need::Index);
    assert!(!first.hit && first.ticket.is_some());
    // The entry holds the sort orders: made with the index, not while it is written.
    assert!(first.index.as_ref().unwrap().orders_made());
    first.keep();
    let folder = policy.dir.clone().unwrap();
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "the folder is private");
    let second = load(&source(&data), &policy, Need::Index);
    assert!(second.hit);
    let (a, b) = (first.index.unwrap(), second.index.unwrap());
    assert!(b.orders_made());
    let (made, stored) = (a.orders_if_made().unwrap(), b.orders_if_made().unwrap());
    assert_eq!(made.columns(), stored.columns());
    assert_eq!(
        answers(&second.loaded.dataset, &b),
        answers(&first.loaded.dataset, &a)
    );
    // The same size and modification time, another content: the content hash tells.
    let modified = std::fs::metadata(&data).unwrap().modified().unwrap();
    let text = crate::model::source::EMBEDDED[0]
        .1
        .replace("Đắk Lắk", "Đắk Nông");
    std::fs::write(&data, &text).unwrap();
    let file = std::fs::File::options().write(true).open(&data).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    let third = load(&source(&data), &policy, Need::Index);
    assert!(!third.hit);
    // No cache asked for: nothing read, nothing written.
    let off = load(&source(&data), &Policy::off(), Need::Index);
    assert!(!off.hit && off.ticket.is_none());
}

#[test]
fn two_writers_at_once_leave_one_whole_entry() {
    let (_dir, data, policy) = setup();
    let first = load(&source(&data), &policy, Need::Index);
    let tickets = [
        ticket(&policy, std::slice::from_ref(&data)),
        ticket(&policy, std::slice::from_ref(&data)),
    ];
    let index = first.index.clone().unwrap();
    std::thread::scope(|s| {
        for t in tickets {
            let (loaded, index) = (&first.loaded, &index);
            s.spawn(move || t.unwrap().keep(&loaded.diagnostics, &loaded.dataset, index));
        }
    });
    let names: Vec<String> = std::fs::read_dir(policy.dir.as_ref().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(load(&source(&data), &policy, Need::Index).hit);
}

#[test]
fn a_folder_that_is_a_link_or_not_ours_is_never_used() {
    let (dir, data, policy) = setup();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let folder = policy.dir.clone().unwrap();
    std::fs::create_dir_all(folder.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &folder).unwrap();
    load(&source(&data), &policy, Need::Index).keep();
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert!(!load(&source(&data), &policy, Need::Index).hit);
}

#[test]
fn garbage_in_the_folder_is_a_miss_and_the_entry_is_written_anew() {
    let (_dir, data, policy) = setup();
    load(&source(&data), &policy, Need::Index).keep();
    let path = entry_path(policy.dir.as_ref().unwrap(), std::slice::from_ref(&data)).unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 64].fill(b'x');
    std::fs::write(&path, &bytes).unwrap();
    let mut miss = load(&source(&data), &policy, Need::Index);
    assert!(!miss.hit);
    miss.keep();
    assert!(load(&source(&data), &policy, Need::Index).hit);
}

#[test]
fn the_folder_is_kept_under_its_limit_the_least_used_going_first() {
    let (dir, data, mut policy) = setup();
    let other = dir.path().join("other.json");
    std::fs::write(&other, crate::model::source::EMBEDDED[0].1).unwrap();
    load(&source(&data), &policy, Need::Index).keep();
    let size = std::fs::read_dir(policy.dir.as_ref().unwrap())
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum::<u64>();
    // Room for one entry: the second pushes the first out.
    policy.limit = size + size / 2;
    std::thread::sleep(std::time::Duration::from_millis(20));
    load(&source(&other), &policy, Need::Index).keep();
    assert!(load(&source(&other), &policy, Need::Index).hit);
    assert!(!load(&source(&data), &policy, Need::Index).hit);
    // An entry larger than the limit is not written at all.
    policy.limit = size / 2;
    let folder = policy.dir.clone().unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    load(&source(&data), &policy, Need::Index).keep();
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

#[test]
fn sizes_read_with_their_units() {
    assert_eq!(parse_size("1024"), Ok(1024));
    assert_eq!(parse_size("500M"), Ok(500 << 20));
    assert_eq!(parse_size("2 GiB"), Ok(2 << 30));
    assert_eq!(parse_size("64k"), Ok(64 << 10));
    assert!(parse_size("lots").is_err());
    assert_eq!(parse_size("5T"), Ok(5 << 40));
    assert_eq!(parse_size("1.5G"), Ok(3 << 29));
    assert_eq!(parse_size("0.5 MiB"), Ok(1 << 19));
    assert!(parse_size("1.2.3G").is_err());
    assert!(parse_size(".5G").is_err());
    assert!(parse_size("99999999999999G").is_err());
}

#[test]
fn an_entry_holds_the_word_counts_whoever_made_it() {
    // `facets` or `export` made it, with no search: the words were never counted.
    let (_dir, data, policy) = setup();
    let mut first = load(&source(&data), &policy, Need::Index);
    assert!(!first.index.as_ref().unwrap().words_counted());
    first.keep();
    let second = load(&source(&data), &policy, Need::Index);
    assert!(second.hit && second.index.unwrap().words_counted());
}

#[test]
fn a_file_named_another_way_is_the_same_file() {
    let (dir, data, policy) = setup();
    // A warning names the file: the stored one is said with today's name.
    let text = crate::model::source::EMBEDDED[0].1.replacen(
        "\"title\"",
        "\"colour\": \"x\", \"title\"",
        1,
    );
    std::fs::write(&data, text).unwrap();
    let mut first = load(&source(&data), &policy, Need::Index);
    assert!(first.loaded.warnings() > 0 && first.loaded.errors() == 0);
    first.keep();
    let other = dir.path().join(".").join("data.json");
    let second = load(&source(&other), &policy, Need::Index);
    assert!(second.hit, "./data.json is data.json");
    let named = crate::model::source::display_name(&other);
    assert!(second.loaded.diagnostics.iter().all(|d| d.file == named));
    assert_eq!(
        second.loaded.diagnostics.len(),
        first.loaded.diagnostics.len()
    );
}

#[test]
fn the_hash_kept_is_of_the_bytes_parsed() {
    // The file changed while it was read, then was put back, its time too: what was
    // parsed is not what is on disk, so the entry must not be used for it.
    let (_dir, data, policy) = setup();
    let paths = [data.clone()];
    let stamped = stamp(&policy, &paths).unwrap();
    let (mut files, _) = crate::model::source::read_paths(&paths);
    let edited = String::from_utf8(files[0].bytes.to_vec())
        .unwrap()
        .replace("Đắk Lắk", "Đắk Nông");
    files[0].bytes = edited.into_bytes().into();
    let loaded = load_sources(&files, Vec::new());
    let index = Index::build(&loaded.dataset);
    let ticket = stamped.ticket(&files).unwrap();
    ticket.keep(&loaded.diagnostics, &loaded.dataset, &index);
    assert!(lookup(&policy, &paths, Need::Index).is_none());
    // Read as it is, it is kept and found.
    let mut again = load(&source(&data), &policy, Need::Index);
    again.keep();
    assert!(lookup(&policy, &paths, Need::Index).is_some());
}

#[test]
fn text_that_is_not_utf8_behind_a_right_checksum_is_a_miss() {
    let (loaded, index) = embedded();
    let bytes = entry(&loaded, &index);
    let first_id = loaded.dataset.id(0).unwrap().as_bytes();
    let at = bytes
        .windows(first_id.len())
        .position(|w| w == first_id)
        .unwrap();
    let stamps = stamped("a.json");
    assert!(decode(&resealed(&bytes, at), &stamps, "build", Need::Index).is_none());
    assert!(decode(&resealed(&bytes, at), &stamps, "build", Need::Records).is_none());
}

#[test]
fn files_not_ours_are_not_counted_and_a_dead_writers_temp_file_goes() {
    let (_dir, data, mut policy) = setup();
    load(&source(&data), &policy, Need::Index).keep();
    let folder = policy.dir.clone().unwrap();
    let size = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum::<u64>();
    // A file of the user's own, larger than the entry: not counted, not removed.
    std::fs::write(folder.join("notes.bin"), vec![0u8; size as usize * 2]).unwrap();
    // A temporary file of a writer killed a moment ago (no such process), and one of a
    // writer still at work (this test).
    let dead = format!("{}4000000000-1-0", folder::TEMP_PREFIX);
    let live = format!("{}{}-1-0", folder::TEMP_PREFIX, std::process::id());
    std::fs::write(folder.join(&dead), b"half").unwrap();
    std::fs::write(folder.join(&live), b"half").unwrap();
    policy.limit = size + size / 2;
    std::fs::remove_file(entry_path(&folder, std::slice::from_ref(&data)).unwrap()).unwrap();
    load(&source(&data), &policy, Need::Index).keep();
    assert!(load(&source(&data), &policy, Need::Index).hit);
    assert!(folder.join("notes.bin").exists());
    assert!(
        !folder.join(&dead).exists(),
        "a dead writer's file is removed"
    );
    assert!(folder.join(&live).exists(), "a live writer's file is left");
}

#[test]
fn the_folder_says_how_much_room_it_has() {
    let (_dir, data, policy) = setup();
    load(&source(&data), &policy, Need::Index).keep();
    let folder = Folder::open(policy.dir.as_ref().unwrap(), false).unwrap();
    // The temporary folder's filesystem holds at least the entry just written.
    let free = folder.free_bytes().expect("statvfs answers");
    assert!(free > 0);
}

/// A folder's hidden files (an editor's lock, a link to nowhere; a resource fork) are not its
/// data: they neither keep its entry from being stamped nor are stamped with it.
#[test]
fn a_folders_hidden_files_are_not_stamped() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("trip.json");
    crate::model::files::write_bytes(&data, b"{}", false).unwrap();
    std::os::unix::fs::symlink("lan@server.12345:1701", dir.path().join(".#trip.json")).unwrap();
    crate::model::files::write_bytes(&dir.path().join("._trip.json"), b"\x00\x05", false).unwrap();
    let stamped = stamps(&[dir.path().to_path_buf()]).expect("stamped");
    let names: Vec<&Path> = stamped.iter().map(|s| s.path.as_path()).collect();
    assert_eq!(names, [std::fs::canonicalize(&data).unwrap()]);
}
