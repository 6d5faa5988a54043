//! `findings check`: each invalid fixture is reported at the right line and column.

mod common;

use common::{check, fixture};

/// Asserts that `check` on the fixture exits with `code` and reports exactly `expected`, in order
/// (each line given without the file name, which is prepended here).
fn expect(name: &str, code: i32, expected: &[&str]) {
    let path = fixture(name);
    let (status, _out, err) = check(std::slice::from_ref(&path));
    let shown = path.display().to_string();
    let got: Vec<&str> = err.lines().collect();
    let want: Vec<String> = expected.iter().map(|e| format!("{shown}:{e}")).collect();
    assert_eq!(got, want, "stderr of check {name}");
    assert_eq!(status, code, "exit code of check {name}");
}

#[test]
fn syntax_error_column_counts_characters() {
    // Line 4 holds "Đắk Lắk": byte column 43, character column 38.
    expect(
        "invalid/syntax.json",
        1,
        &["4:38: error: JSON syntax error: expected `,` or `}`"],
    );
}

#[test]
fn wrong_types_are_all_reported() {
    expect(
        "invalid/wrong_type.json",
        1,
        &[
            "7:81: error: meetings[0].province: expected a string, found a number",
            "8:47: error: meetings[1].tags: expected an array of strings, found a string",
            "8:75: error: meetings[1].topics[1]: expected a string, found a number",
            "10:13: error: visits: expected an array of visit objects, found an object",
        ],
    );
}

#[test]
fn missing_required_fields() {
    expect(
        "invalid/missing_field.json",
        1,
        &[
            "7:5: error: meetings[0]: missing required field \"title\"",
            "8:5: error: meetings[1]: missing required field \"id\"",
            "9:28: error: meetings[2].title: must not be blank",
        ],
    );
}

#[test]
fn bad_ids() {
    let rule = "an id is 1 to 64 of the characters A-Z a-z 0-9 . _ -";
    expect(
        "invalid/bad_id.json",
        1,
        &[
            &format!("4:13: error: trips[0].id: bad id \"chuyến đi\": {rule}"),
            &format!("5:13: error: trips[1].id: bad id \"\": {rule}"),
            "6:13: error: trips[2].id: expected an id (a string), found a number",
        ],
    );
}

#[test]
fn bad_and_impossible_dates() {
    expect(
        "invalid/bad_date.json",
        1,
        &[
            "4:54: error: trips[0].start_date: bad date \"2024-02-30\": 2024-02-30 does not exist (that month has 29 days)",
            "4:80: error: trips[0].end_date: bad date \"2024-3-16\": expected a date as YYYY, YYYY-MM or YYYY-MM-DD",
            "5:98: error: trips[1].end_date: the trip ends (2024-03-11) before it starts (2024-03-16)",
            "8:62: error: visits[0].date: bad date \"2023-02-29\": 2023-02-29 does not exist (that month has 28 days)",
        ],
    );
}

#[test]
fn duplicate_id_names_both_places() {
    let path = fixture("invalid/duplicate_id.json");
    let p = path.display();
    expect(
        "invalid/duplicate_id.json",
        1,
        &[&format!(
            "8:13: error: meetings[1].id: duplicate id \"m1\": first defined at {p}:7:13 (meetings[0])"
        )],
    );
}

#[test]
fn duplicate_id_across_files_names_both_files() {
    let dir = fixture("invalid/duplicate_across");
    let (status, out, err) = check(std::slice::from_ref(&dir));
    let a = dir.join("a.json").display().to_string();
    let b = dir.join("b.json").display().to_string();
    assert_eq!(
        err.trim_end(),
        format!("{b}:4:13: error: visits[0].id: duplicate id \"shared-id\": first defined at {a}:6:24 (meetings[0])")
    );
    assert_eq!(status, 1);
    assert!(
        out.starts_with("2 files: 1 trip, 1 meeting, 0 experiences, 1 visit; 1 error, 0 warnings"),
        "{out}"
    );
}

#[test]
fn references_to_missing_records() {
    expect(
        "invalid/missing_reference.json",
        1,
        &[
            "8:27: error: meetings[0].trip: no trip has the id \"trip-2042\" (did you mean \"trip-2024\"?)",
            "9:5: error: meetings[1]: missing field \"trip\": a meeting must name its trip when the data has 2 trips",
            "12:51: error: experiences[0].meeting: no meeting has the id \"m9\" (did you mean \"m1\"?)",
            "13:27: error: experiences[1].trip: \"m1\" is a meeting, not a trip",
        ],
    );
}

#[test]
fn unknown_fields_are_warnings_with_suggestions() {
    expect(
        "invalid/unknown_field.json",
        0,
        &[
            "5:7: warning: trips[0].sumary: unknown field \"sumary\" (did you mean \"summary\"?); it is ignored",
            "5:74: warning: trips[0].leader.rank: unknown field \"rank\"; it is ignored",
            "7:3: warning: extra: unknown field \"extra\"; it is ignored",
        ],
    );
}

#[test]
fn schema_version_must_be_one() {
    expect(
        "invalid/schema_version_missing.json",
        1,
        &["1:1: error: missing \"schema_version\": add \"schema_version\": 1 (the format version)"],
    );
    expect(
        "invalid/schema_version_2.json",
        1,
        &["1:21: error: schema_version: schema_version 2 is not supported: this findings reads schema_version 1"],
    );
    expect(
        "invalid/schema_version_string.json",
        1,
        &["1:21: error: schema_version: expected the number 1, found a string"],
    );
}

#[test]
fn not_an_object_empty_and_invalid_utf8() {
    expect(
        "invalid/not_an_object.json",
        1,
        &["1:1: error: expected a dataset object {\"schema_version\": 1, ...}, found an array"],
    );
    expect(
        "invalid/empty.json",
        1,
        &["1:1: error: JSON syntax error: the file is empty; expected a JSON object such as {\"schema_version\": 1, \"trips\": []}"],
    );
    expect(
        "invalid/invalid_utf8.json",
        1,
        &["1:57: error: JSON syntax error: invalid UTF-8 (byte 0xFF); save the file as UTF-8"],
    );
}

/// A file saved as UTF-16 (Notepad's "Unicode"), with or without a byte-order mark, is named
/// as such, not taken for broken JSON or bad UTF-8.
#[test]
fn a_utf16_or_utf32_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let json = "{\"schema_version\": 1, \"trips\": [{\"id\": \"t\", \"title\": \"Đắk Lắk\"}]}";
    let le: Vec<u8> = json.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = json.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let cases = [
        (
            "le.json",
            le.clone(),
            "UTF-16 (little-endian, without a byte-order mark)",
        ),
        (
            "be.json",
            be.clone(),
            "UTF-16 (big-endian, without a byte-order mark)",
        ),
        (
            "le-bom.json",
            [&[0xFF, 0xFE][..], &le].concat(),
            "UTF-16 (little-endian)",
        ),
        (
            "be-bom.json",
            [&[0xFE, 0xFF][..], &be].concat(),
            "UTF-16 (big-endian)",
        ),
        (
            "utf32.json",
            json.chars()
                .flat_map(|c| (c as u32).to_le_bytes())
                .collect(),
            "UTF-32 (little-endian, without a byte-order mark)",
        ),
    ];
    for (name, bytes, encoding) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (status, _out, err) = check(std::slice::from_ref(&path));
        assert_eq!(status, 1, "{name}");
        assert_eq!(
            err.trim_end(),
            format!(
                "{}:1:1: error: the file is {encoding}, not UTF-8; save it as UTF-8 (in Notepad: \
                 Save as, Encoding: UTF-8)",
                path.display()
            ),
            "{name}"
        );
    }
}

/// A minified file — one line of megabytes — with a hundred thousand unknown fields is checked
/// at once (the column of each was counted from the line's start: quadratic, a minute), and
/// each column is still right.
#[test]
fn a_minified_file_with_many_warnings_is_checked_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("min.json");
    let n = 100_000;
    let trips: Vec<String> = (0..n)
        .map(|i| format!("{{\"id\":\"t{i}\",\"title\":\"Tỉnh\",\"x{i}\":1}}"))
        .collect();
    let text = format!("{{\"schema_version\":1,\"trips\":[{}]}}", trips.join(","));
    std::fs::write(&path, &text).unwrap();
    let (status, out, err) = check(std::slice::from_ref(&path));
    assert_eq!(status, 0, "{out}");
    let warnings: Vec<&str> = err.lines().collect();
    assert_eq!(warnings.len(), n);
    // The last unknown field: its column counts characters ("ỉ" is three bytes, one column).
    let at = text.rfind(&format!("\"x{}\"", n - 1)).unwrap();
    let column = text[..at].chars().count() + 1;
    assert!(
        warnings[n - 1].starts_with(&format!("{}:1:{column}: warning:", path.display())),
        "{}",
        warnings[n - 1]
    );
}

#[test]
fn a_leading_bom_is_accepted() {
    let (status, out, err) = check(&[fixture("valid/bom.json")]);
    assert_eq!(err, "");
    assert_eq!(status, 0);
    assert!(out.starts_with("1 file: 1 trip,"), "{out}");
}

#[test]
fn a_directory_without_json_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not data").unwrap();
    let (status, _out, err) = check(&[dir.path().to_path_buf()]);
    assert_eq!(status, 1);
    assert!(err.contains("directory has no *.json files"), "{err}");
}

/// A folder's hidden files are an editor's lock (a link to nowhere) or the resource forks
/// macOS leaves on a shared drive: never data, never an error, as the shell's `*.json` skips
/// them. The cache and the live reload list a folder's files by the same rule.
#[test]
fn a_folders_hidden_files_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("valid/bom.json"), dir.path().join("trip.json")).unwrap();
    std::os::unix::fs::symlink("lan@server.12345:1701", dir.path().join(".#trip.json")).unwrap();
    std::fs::write(dir.path().join("._trip.json"), b"\x00\x05\x16\x07 not json").unwrap();
    let (status, out, err) = check(&[dir.path().to_path_buf()]);
    assert_eq!(err, "");
    assert_eq!(status, 0);
    assert!(out.starts_with("1 file: 1 trip,"), "{out}");
    // A folder named like a dataset file is said to be a folder.
    std::fs::create_dir(dir.path().join("sub.json")).unwrap();
    let (status, _out, err) = check(&[dir.path().to_path_buf()]);
    assert_eq!(status, 1);
    assert!(
        err.contains("sub.json: error: a folder, not a file"),
        "{err}"
    );
    // Named on their own, they are read like any file.
    let (status, _out, err) = check(&[dir.path().join("._trip.json")]);
    assert_eq!(status, 1);
    assert!(err.contains("._trip.json"), "{err}");
}

/// A `\\uXXXX` escape of half a surrogate pair is named, with where it is and what to write
/// instead, not serde_json's "lone leading surrogate" (said of a second half too).
#[test]
fn a_lone_surrogate_escape_is_named_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trip.json");
    let text = r#"{"schema_version": 1, "trips": [{"id": "t1", "title": "Đắk \udc00 Lắk"}]}"#;
    std::fs::write(&path, text).unwrap();
    let (status, _out, err) = check(&[path]);
    assert_eq!(status, 1);
    // Column 60 is the backslash: the title opens at column 55, then "Đắk " (4 characters).
    assert!(
        err.contains(
            "trip.json:1:60: error: trips[0].title: bad string: \\udc00 is half of a UTF-16 \
             surrogate pair, alone"
        ),
        "{err}"
    );
}

/// A bad escape in an id, a field's name or anywhere the file cannot be read is named at its
/// backslash with what to write instead, not at the record's start or after the string.
#[test]
fn a_bad_escape_is_named_at_its_backslash_wherever_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            r#"{"schema_version":1,"trips":[{"id":"t\udc00","title":"x"}]}"#,
            "1:38: error: trips[0].id: bad string: \\udc00 is half of a UTF-16",
        ),
        (
            r#"{"schema_version":1,"trips":[{"id":"t1","ti\ud800tle":"x"}]}"#,
            "1:44: error: trips[0]: bad key: \\ud800 is half of a UTF-16",
        ),
        (
            r#"{"schema_version":1,"tr\udc00ips":[]}"#,
            "1:24: error: JSON syntax error: \\udc00 is half of a UTF-16",
        ),
        (
            "{\"schema_version\":1,\r\n\"trips\":[{\"id\":\"t1\",\"title\":\"Đắk \\u12\"}]}",
            "2:34: error: JSON syntax error: invalid escape \\u12: \\u takes four hexadecimal",
        ),
        (
            r#"{"schema_version":1,"trips":[{"id":"t1","title":"ab\x"}]}"#,
            "1:52: error: JSON syntax error: invalid escape \\x: a backslash in a string starts",
        ),
    ];
    for (n, (text, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("case{n}.json"));
        std::fs::write(&path, text).unwrap();
        let (status, _out, err) = check(&[path]);
        assert_eq!(status, 1, "{text}");
        assert!(err.contains(expected), "{text}\n{err}");
    }
}

#[test]
fn a_missing_path_is_an_error() {
    let (status, _out, err) = check(&[fixture("invalid/no-such-file.json")]);
    assert_eq!(status, 1);
    assert!(
        err.contains("no-such-file.json: error: cannot read"),
        "{err}"
    );
}

#[test]
fn special_files_are_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    // Nobody writes to the FIFO: reading it would block forever. The command timeout in
    // `findings()` turns a hang into a failure.
    let (status, _out, err) = check(&[fifo.clone(), "/dev/zero".into()]);
    assert_eq!(status, 1);
    assert!(
        err.contains("pipe.json: error: not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("/dev/zero: error: not a regular file"),
        "{err}"
    );
}

#[test]
fn a_file_over_256_mib_is_refused_from_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    // A sparse file: 300 MiB long but costing no disk, and never read.
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(300 * 1024 * 1024).unwrap();
    let (status, _out, err) = check(&[big]);
    assert_eq!(status, 1);
    assert!(
        err.contains("error: file is 300 MiB; findings reads dataset files of at most 256 MiB"),
        "{err}"
    );
}

#[test]
fn nesting_ten_thousand_deep_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.json");
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let text =
        format!("{{\"schema_version\": 1, \"trips\": [{{\"id\": \"t\", \"title\": {nested}}}]}}");
    std::fs::write(&deep, text).unwrap();
    let unclosed = dir.path().join("unclosed.json");
    std::fs::write(
        &unclosed,
        "{\"trips\": ".to_owned() + &"{\"a\": ".repeat(10_000),
    )
    .unwrap();
    let (status, _out, err) = check(&[deep, unclosed]);
    assert_eq!(status, 1);
    assert!(err.contains("deep.json:1:"), "{err}");
    assert!(
        err.contains("trips[0].title: expected a string, found an array"),
        "{err}"
    );
    assert!(err.contains("unclosed.json:1:"), "{err}");
    assert!(err.contains("JSON syntax error"), "{err}");
}

#[test]
fn every_problem_in_several_files_is_reported() {
    let (status, out, err) = check(&[
        fixture("invalid/wrong_type.json"),
        fixture("invalid/bad_id.json"),
    ]);
    assert_eq!(status, 1);
    assert_eq!(err.lines().count(), 7, "{err}");
    assert!(
        out.contains("2 files:") && out.contains("7 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn the_embedded_dataset_is_valid() {
    let out = common::findings().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        "1 file: 1 trip, 4 meetings, 7 experiences, 2 visits; 0 errors, 0 warnings"
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn the_data_directory_checks_like_the_embedded_dataset() {
    let data = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/default");
    let (status, out, err) = check(&[data]);
    assert_eq!(err, "");
    assert_eq!(status, 0);
    assert!(out.starts_with("1 file: 1 trip, 4 meetings"), "{out}");
}

#[test]
fn a_file_named_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    std::fs::copy(fixture("valid/bom.json"), &file).unwrap();
    let (status, out, err) = check(&[file.clone(), file, dir.path().to_path_buf()]);
    assert_eq!(err, "");
    assert_eq!(status, 0);
    assert!(out.starts_with("1 file: 1 trip"), "{out}");
}

/// Trips without dates, partial dates, several meetings and provinces per experience, related
/// records, short titles: all valid, and shown as given.
#[test]
fn the_formats_additions_are_valid_and_partial_dates_stay_partial() {
    expect("valid/additions.json", 0, &[]);
    let out = common::findings()
        .args(["--data", fixture("valid/additions.json").to_str().unwrap()])
        .args(["show", "trip-son-la", "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let fact = |label: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(label))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(fact("Dates:"), "2022-08", "{text}");
    assert!(
        !text.contains("2022-08-01"),
        "a partial date was padded: {text}"
    );
    assert_eq!((fact("Days:"), fact("People:")), ("5".into(), "25".into()));
    assert_eq!(fact("Programme:"), "Tiểu dự án 2 của Dự án 10");
    assert!(
        !text.contains("Sơn La (since"),
        "Sơn La kept its name: {text}"
    );
    let out = common::findings()
        .args(["--data", fixture("valid/additions.json").to_str().unwrap()])
        .args(["show", "exp-two", "--lang", "vi"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Các buổi làm việc"), "{text}");
    assert!(text.contains("Hòa Bình (từ 2025: Phú Thọ)"), "{text}");
    assert!(
        text.contains("Xem thêm") && text.contains("visit-one"),
        "{text}"
    );
}

#[test]
fn meeting_and_meetings_together_are_an_error_at_both() {
    let file = fixture("invalid/additions.json").display().to_string();
    let both = |at: &str, field: &str, other: &str, other_at: &str| {
        format!(
            "{at}: error: experiences[0].{field}: give \"meeting\" or \"meetings\", not both (\"{other}\" is at {file}:{other_at})"
        )
    };
    expect(
        "invalid/additions.json",
        1,
        &[
            "4:56: error: trips[0].start_date: bad date \"2022-13\": month 13 does not exist",
            "4:75: error: trips[0].days: expected a whole number from 0 up, found -5",
            "4:92: error: trips[0].headcount: expected a whole number, found a string",
            &both("11:7", "meeting", "meetings", "12:7"),
            &both("12:7", "meetings", "meeting", "11:7"),
            "13:20: error: experiences[0].meetings[1]: no meeting has the id \"m-2\" (did you mean \"m-1\"?)",
            "14:19: error: experiences[0].related[0]: no record has the id \"m-one\"",
        ],
    );
}
