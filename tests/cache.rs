//! The index cache through the command line, as a new user meets it: the second search in a
//! row prints what the first did, from the cache; an edited file is read again; garbage in the
//! cache folder changes nothing; `--no-cache` leaves no folder.

mod common;

use std::path::{Path, PathBuf};

/// `findings` with a cache folder of its own under `home`.
fn findings(home: &Path) -> assert_cmd::Command {
    let mut cmd = common::findings();
    cmd.env_remove("FINDINGS_NO_CACHE")
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"));
    cmd
}

fn search(home: &Path, data: &Path, query: &str) -> String {
    let out = findings(home)
        .arg("--data")
        .arg(data)
        .args(["search", query])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn entries(home: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(home.join("cache/findings")) {
        Ok(list) => list.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

fn data(home: &Path) -> PathBuf {
    let data = home.join("trip.json");
    std::fs::write(&data, findings::model::source::EMBEDDED[0].1).unwrap();
    data
}

#[test]
fn the_second_search_prints_what_the_first_did_and_an_edit_is_seen() {
    let home = tempfile::tempdir().unwrap();
    let data = data(home.path());
    let first = search(home.path(), &data, "dak lak");
    assert!(first.contains("Đắk Lắk"), "{first}");
    assert_eq!(
        entries(home.path()).len(),
        1,
        "the first run writes the entry"
    );
    assert_eq!(search(home.path(), &data, "dak lak"), first);
    // An edit: the next run reads the file again and prints the new answer.
    let text = findings::model::source::EMBEDDED[0]
        .1
        .replace("Đắk Lắk", "Lâm Đồng");
    std::fs::write(&data, text).unwrap();
    let edited = search(home.path(), &data, "dak lak");
    assert!(!edited.contains("Đắk Lắk"), "{edited}");
    assert!(search(home.path(), &data, "lam dong").contains("Lâm Đồng"));
}

#[test]
fn garbage_in_the_cache_folder_still_gives_the_right_answer() {
    let home = tempfile::tempdir().unwrap();
    let data = data(home.path());
    let right = search(home.path(), &data, "ca phe");
    for entry in entries(home.path()) {
        std::fs::write(entry, b"garbage, not an index").unwrap();
    }
    std::fs::write(home.path().join("cache/findings/other.index"), b"\0\0\0").unwrap();
    assert_eq!(search(home.path(), &data, "ca phe"), right);
    assert_eq!(search(home.path(), &data, "ca phe"), right);
}

#[test]
fn no_cache_reads_the_files_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let data = data(home.path());
    let plain = findings(home.path())
        .args(["--no-cache", "--data"])
        .arg(&data)
        .args(["search", "dak lak"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&plain.stdout).contains("Đắk Lắk"));
    assert!(!home.path().join("cache/findings").exists());
    findings(home.path())
        .env("FINDINGS_NO_CACHE", "1")
        .arg("--data")
        .arg(&data)
        .args(["search", "dak lak"])
        .assert()
        .success();
    assert!(!home.path().join("cache/findings").exists());
}

#[test]
fn show_and_stats_read_the_entry_a_search_wrote() {
    let home = tempfile::tempdir().unwrap();
    let data = data(home.path());
    let stats = |home: &Path| {
        findings(home)
            .arg("--data")
            .arg(&data)
            .arg("stats")
            .output()
            .unwrap()
            .stdout
    };
    let before = stats(home.path());
    assert!(
        entries(home.path()).is_empty(),
        "stats builds no index to keep"
    );
    search(home.path(), &data, "dak lak");
    assert_eq!(stats(home.path()), before);
}

/// An entry is written as it is made, the records' text a piece at a time: generated data of
/// several megabytes of text (many pieces) reads back from the entry as the records it was,
/// each one, and searches the same.
#[test]
fn an_entry_of_many_megabytes_reads_back_record_for_record() {
    use findings::model::cache::{load, Need, Policy};
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("generated.json");
    let bytes = serde_json::to_vec(&findings::gen::dataset(6000, 5, "")).unwrap();
    assert!(bytes.len() > 4 << 20, "{} bytes", bytes.len());
    std::fs::write(&data, bytes).unwrap();
    let source = findings::model::DataSource::Paths(vec![data]);
    let policy = Policy {
        dir: Some(home.path().join("cache/findings")),
        limit: 1 << 30,
    };
    let mut first = load(&source, &policy, Need::Index);
    assert!(!first.hit);
    first.keep();
    let second = load(&source, &policy, Need::Index);
    assert!(second.hit, "the entry was written and read");
    let (made, stored) = (&first.loaded.dataset, &second.loaded.dataset);
    assert_eq!(stored.len(), made.len());
    for i in 0..made.len() {
        assert_eq!(stored.get(i), made.get(i), "record {i}");
    }
    let never = std::sync::atomic::AtomicBool::new(false);
    let query = findings::model::search::parse("chinh sach ho ngheo");
    let ranked = |c: &findings::model::cache::Cached| -> Vec<(usize, u32)> {
        let index = c.index.as_ref().expect("an index");
        findings::model::search::search(&c.loaded.dataset, index, &query, None, &never)
            .unwrap()
            .iter()
            .map(|h| (h.record, h.score.to_bits()))
            .collect()
    };
    assert!(!ranked(&first).is_empty());
    assert_eq!(ranked(&second), ranked(&first));
}

/// A file-size limit (`ulimit -f`) below the entry's size: the search still answers and exits
/// 0, the entry is not kept, and no temporary file is left (the limit's signal used to kill
/// the process in the middle of the write).
#[test]
fn a_file_size_limit_leaves_the_answer_and_no_file() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("generated.json");
    let bytes = serde_json::to_vec(&findings::gen::dataset(4000, 9, "")).unwrap();
    std::fs::write(&data, bytes).unwrap();
    let expected = {
        let out = common::findings()
            .arg("--data")
            .arg(&data)
            .args(["search", "chinh sach"])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    // 2,048 blocks: 1 MiB or 2 MiB as the shell counts them; the entry is several times that.
    let out = std::process::Command::new("sh")
        .args([
            "-c",
            r#"ulimit -f 2048 && exec "$FINDINGS_BIN" --data "$DATA" search "chinh sach""#,
        ])
        .env("FINDINGS_BIN", env!("CARGO_BIN_EXE_findings"))
        .env("DATA", &data)
        .env_remove("FINDINGS_NO_CACHE")
        .env_remove("FINDINGS_DATA")
        .env("LANG", "C.UTF-8")
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout, expected);
    assert_eq!(entries(home.path()), Vec::<PathBuf>::new());
}
