//! The commands other than `check`: show, stats, schema, and the data-source rules.

mod common;

use common::{findings, fixture};
use predicates::prelude::*;

#[test]
fn show_text_lists_fields_and_links() {
    findings()
        .args(["show", "meeting-dak-lak", "--lang", "vi"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "buổi làm việc  meeting-dak-lak\nLàm việc với Sở Lao động – Thương binh và Xã hội tỉnh Đắk Lắk\n",
        ))
        .stdout(predicate::str::contains("(buổi làm việc 3/4 của chuyến đi)"))
        .stdout(predicate::str::contains("Tỉnh:           Đắk Lắk"))
        .stdout(predicate::str::contains("kinh nghiệm  exp-han-quoc"));
}

#[test]
fn show_in_english_uses_the_translation() {
    findings()
        .args(["show", "exp-han-quoc", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "The joint programme of Đắk Lắk and Đắk Nông provinces sending workers to Korea",
        ))
        .stdout(predicate::str::contains(
            "Meetings:  Working session with the Đắk Lắk Department of Labour, Invalids and Social Affairs; Working session with the Đắk Nông",
        ))
        .stdout(predicate::str::contains(
            "Provinces: Đắk Lắk; Đắk Nông (since 2025: Lâm Đồng)",
        ));
}

#[test]
fn show_json_is_the_record_in_the_dataset_format() {
    let out = findings()
        .args(["show", "visit-che-sach-dong-truong-son", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "visit");
    assert_eq!(v["id"], "visit-che-sach-dong-truong-son");
    assert_eq!(v["location"]["village"], "Vi Choong");
    assert_eq!(v["location"]["district"], "huyện Kon Plông");
    assert_eq!(v["trip"], "ninh-thuan-tay-nguyen-2024");
}

#[test]
fn show_markdown_has_a_heading_and_sections() {
    findings()
        .args([
            "show",
            "ninh-thuan-tay-nguyen-2024",
            "--format",
            "md",
            "--lang",
            "vi",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# Học tập, trao đổi kinh nghiệm",
        ))
        .stdout(predicate::str::contains(
            "- **Trưởng đoàn:** Nguyễn Văn Bình",
        ))
        .stdout(predicate::str::contains("\n## Tóm tắt\n"))
        .stdout(predicate::str::contains(
            "- buổi làm việc `meeting-kon-tum`",
        ));
}

#[test]
fn show_unknown_id_names_close_ids() {
    findings()
        .args(["show", "meeting-dak-lac"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no record has the id \"meeting-dak-lac\"; did you mean: meeting-dak-lak",
        ));
}

#[test]
fn stats_json_has_the_documented_shape() {
    let out = findings()
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records"]["trip"], 1);
    assert_eq!(v["records"]["meeting"], 4);
    assert_eq!(v["records"]["experience"], 7);
    assert_eq!(v["records"]["visit"], 2);
    // A record with several provinces counts under each: the trip, the meeting, the three
    // experiences shared at every meeting, and the Korea programme.
    assert_eq!(v["by_province"]["Đắk Lắk"], 6);
    assert_eq!(v["by_province"]["Đắk Nông"], 6);
    assert_eq!(
        v["by_topic"]["Đưa người lao động đi làm việc ở nước ngoài"],
        4
    );
    assert_eq!(v.as_object().unwrap().len(), 3);
}

#[test]
fn stats_text_counts_each_kind() {
    findings()
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("records: 14"))
        .stdout(predicate::str::contains("  experience        7"))
        .stdout(predicate::str::contains("  visit             2"));
}

#[test]
fn the_schema_file_is_up_to_date() {
    let out = findings().arg("schema").output().unwrap();
    assert!(out.status.success());
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/schema.json"),
    )
    .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout) == committed,
        "data/schema.json is stale: run `cargo run -- schema > data/schema.json`"
    );
}

#[test]
fn data_flag_and_environment_choose_the_dataset() {
    let bom = fixture("valid/bom.json");
    findings()
        .args(["stats", "--format", "json", "--data"])
        .arg(&bom)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"trip\": 1").and(predicate::str::contains("\"meeting\": 0")),
        );
    findings()
        .env("FINDINGS_DATA", format!("{}:", bom.display()))
        .args(["stats", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"meeting\": 0"));
}

#[test]
fn commands_refuse_invalid_data_with_exit_2() {
    findings()
        .arg("stats")
        .arg("--data")
        .arg(fixture("invalid/bad_date.json"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("bad date \"2024-02-30\""))
        .stderr(predicate::str::contains("the data has 4 error(s)"));
}

#[test]
fn usage_errors_exit_2() {
    findings().args(["show"]).assert().code(2);
    findings()
        .args(["stats", "--format", "xml"])
        .assert()
        .code(2);
    findings().args(["frobnicate"]).assert().code(2);
}

#[test]
fn no_subcommand_prints_the_summary_and_commands() {
    findings()
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 trip, 4 meetings, 7 experiences, 2 visits",
        ))
        .stdout(predicate::str::contains("findings check"));
}

/// The README's key table and the default keymap name the same keys: every bound key is in the
/// table's first column, and every key there is bound.
#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let table: std::collections::BTreeSet<String> = readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| l.split('|').nth(1))
        .flat_map(|cell| {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let bound: std::collections::BTreeSet<String> = findings::app::keymap::BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter().map(|k| k.label()))
        .collect();
    let missing: Vec<_> = bound.difference(&table).collect();
    assert!(missing.is_empty(), "README's key table lacks {missing:?}");
    let unbound: Vec<_> = table.difference(&bound).collect();
    assert!(
        unbound.is_empty(),
        "README's key table has keys no binding has: {unbound:?}"
    );
}

/// The links the article implies, seen as a user sees them.
#[test]
fn meetings_list_the_shared_experiences_and_related_records_link_back() {
    let show = |id: &str| {
        let out = findings()
            .args(["show", id, "--lang", "en"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let gia_lai = show("meeting-gia-lai");
    for id in [
        "exp-tuyen-truyen-dong-thuan",
        "exp-chinh-sach-dac-thu",
        "exp-tiem-nang-the-manh",
    ] {
        assert!(
            gia_lai.contains(id),
            "meeting-gia-lai lacks {id}:\n{gia_lai}"
        );
    }
    let models = show("exp-mo-hinh-sinh-ke");
    let related = models.split("Related records").nth(1).unwrap_or_default();
    assert!(
        related.contains("visit-che-sach-dong-truong-son")
            && related.contains("visit-dau-tam-chu-se"),
        "{models}"
    );
    for visit in ["visit-che-sach-dong-truong-son", "visit-dau-tam-chu-se"] {
        let text = show(visit);
        let related = text.split("Related records").nth(1).unwrap_or_default();
        assert!(related.contains("exp-mo-hinh-sinh-ke"), "{text}");
    }
    let kon_tum = show("meeting-kon-tum");
    assert!(
        kon_tum.contains("Kon Tum (since 2025: Quảng Ngãi)"),
        "{kon_tum}"
    );
    let out = findings()
        .args(["show", "meeting-kon-tum", "--lang", "vi"])
        .output()
        .unwrap();
    let vi = String::from_utf8(out.stdout).unwrap();
    assert!(vi.contains("Kon Tum (từ 2025: Quảng Ngãi)"), "{vi}");
}

#[test]
fn searching_places_then_and_now() {
    let search = |query: &str| -> Vec<serde_json::Value> {
        let out = findings()
            .args(["search", query, "--format", "json", "--limit", "0"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let korea = search("han quoc");
    assert_eq!(korea[0]["id"], "exp-han-quoc");
    assert_eq!(
        korea[0]["provinces"],
        serde_json::json!(["Đắk Lắk", "Đắk Nông"])
    );
    // Lâm Đồng took in Đắk Nông: the Đắk Nông records are found by the new name.
    let ids: Vec<String> = search("lam dong")
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    for id in [
        "meeting-dak-nong",
        "exp-han-quoc",
        "exp-tuyen-truyen-dong-thuan",
    ] {
        assert!(ids.contains(&id.to_owned()), "{id} not in {ids:?}");
    }
    // Quảng Ngãi took in Kon Tum; nothing in the data names Quảng Ngãi itself.
    let ids: Vec<String> = search("quang ngai")
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    for id in ["meeting-kon-tum", "visit-che-sach-dong-truong-son"] {
        assert!(ids.contains(&id.to_owned()), "{id} not in {ids:?}");
    }
    assert!(!ids.contains(&"meeting-gia-lai".to_owned()), "{ids:?}");
}

/// In English, `search` prints the English titles; its JSON keeps the record's own title and
/// adds the English one.
#[test]
fn searching_in_english_shows_the_english_titles() {
    let english = "The joint programme of Đắk Lắk and Đắk Nông provinces sending workers to Korea";
    let out = findings()
        .args(["--lang", "en", "search", "korea"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or_default();
    assert!(first.contains("exp-han-quoc"), "{text}");
    assert!(first.contains(english), "{text}");
    let out = findings()
        .args(["--lang", "en", "search", "korea", "--format", "json"])
        .output()
        .unwrap();
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found[0]["id"], "exp-han-quoc");
    let title_en = found[0]["title_en"].as_str().unwrap_or_default();
    assert!(title_en.starts_with(english), "{title_en}");
    let original = found[0]["title"].as_str().unwrap();
    assert!(original.contains("Hàn Quốc"), "{original}");
    // In Vietnamese, the text shows the record's own title.
    let out = findings()
        .args(["--lang", "vi", "search", "korea"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().next().unwrap_or_default().contains(original),
        "{text}"
    );
}

/// Completions made from the clap definition load in bash and name the subcommands.
#[test]
fn completions_load_in_bash_and_name_the_subcommands() {
    let out = findings().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    for sub in ["search", "export", "views", "review", "completions"] {
        assert!(script.contains(sub), "{sub}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("findings.bash");
    std::fs::write(&path, &script).unwrap();
    let loaded = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p findings", path.display()))
        .output()
        .expect("bash");
    assert!(loaded.status.success(), "{loaded:?}");
    assert!(String::from_utf8_lossy(&loaded.stdout).contains("_findings"));
    for shell in ["zsh", "fish"] {
        let out = findings().args(["completions", shell]).output().unwrap();
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let out = findings().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH findings 1"), "{page}");
    for sub in ["search", "export", "views", "facets"] {
        assert!(page.contains(sub), "{sub}");
    }
}

/// `findings ARGS` with its standard streams as given, in an environment of its own (no
/// config, no views, a review store in `home`): the exit code and standard error.
fn run_into(home: &std::path::Path, args: &[&str], out: Stdio, err: Inherit) -> (i32, String) {
    let errors = tempfile::NamedTempFile::new().unwrap();
    let (err, captured) = match err {
        Inherit::Capture => (Stdio::from(errors.reopen().unwrap()), true),
        Inherit::Given(s) => (s, false),
    };
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_findings"))
        .args(args)
        .env_remove("FINDINGS_DATA")
        .env_remove("FINDINGS_LOG")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("FINDINGS_REVIEW_DB", home.join("review.db"))
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .status()
        .expect("run findings");
    let text = match captured {
        true => std::fs::read_to_string(errors.path()).unwrap(),
        false => String::new(),
    };
    (status.code().unwrap_or(-1), text)
}

use std::process::Stdio;

/// Where a command's standard error goes in these tests.
enum Inherit {
    Capture,
    Given(Stdio),
}

/// A pipe whose reader is gone (what `| head -1` leaves once head has its line): every write
/// to it fails with EPIPE, from the first byte on.
fn closed_pipe() -> Stdio {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills `fds` with two new descriptors; the reading one is closed at once,
    // the writing one owned by the Stdio alone.
    unsafe {
        assert_eq!(libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC), 0);
        libc::close(fds[0]);
        Stdio::from_raw_fd(fds[1])
    }
}

fn full() -> Stdio {
    let dev_full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    Stdio::from(dev_full.expect("/dev/full"))
}

/// Every command that prints, each with something to print.
fn printing_commands() -> Vec<Vec<&'static str>> {
    [
        "",
        "check",
        "search han",
        "search --format json han",
        "stats",
        "stats --format json",
        "show exp-han-quoc",
        "show --format md exp-han-quoc",
        "export --format md",
        "export --format csv",
        "facets",
        "views --format json",
        "schema",
        "man",
        "completions bash",
        "config",
        "config --default",
        "review list",
        "review stats",
        "review export",
        "review mark exp-han-quoc reviewed",
        "--help",
        "--version",
    ]
    .iter()
    .map(|line| line.split_whitespace().collect())
    .collect()
}

/// A home with one review marked, so that `review list` has a line to print.
fn home_with_a_review() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let (code, err) = run_into(
        home.path(),
        &["review", "mark", "exp-han-quoc", "to-apply"],
        Stdio::null(),
        Inherit::Capture,
    );
    assert_eq!(code, 0, "{err}");
    home
}

/// `> /dev/full`: the output is lost, so the command says so and fails — it does not exit 0
/// with a report cut off.
#[test]
fn a_full_disk_on_standard_output_is_an_error_with_a_message() {
    let home = home_with_a_review();
    for args in printing_commands() {
        let (code, err) = run_into(home.path(), &args, full(), Inherit::Capture);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("cannot write") && err.contains("No space left on device"),
            "{args:?}: {err}"
        );
    }
}

/// `2> /dev/full`: the messages are lost; the exit still says something went wrong.
#[test]
fn a_full_disk_on_standard_error_fails_the_command() {
    let home = home_with_a_review();
    let out = home.path().join("out.md");
    let cases: [&[&str]; 3] = [
        &["export", "--format", "md", "-o", out.to_str().unwrap()],
        &["show", "no-such-id"],
        &["search", "--province", "x", "-x"],
    ];
    for args in cases {
        let (code, _) = run_into(home.path(), args, Stdio::null(), Inherit::Given(full()));
        assert_ne!(code, 0, "{args:?}");
    }
    let (code, _) = run_into(
        home.path(),
        &["stats"],
        Stdio::null(),
        Inherit::Given(full()),
    );
    assert_eq!(code, 0, "nothing written to standard error: nothing failed");
}

/// `| head -1` once head has gone: quiet, and the exit a shell gives a writer SIGPIPE ended.
#[test]
fn a_closed_pipe_ends_the_command_quietly_with_141() {
    let home = home_with_a_review();
    for args in printing_commands() {
        let (code, err) = run_into(home.path(), &args, closed_pipe(), Inherit::Capture);
        assert_eq!(code, 141, "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
    let (code, _) = run_into(
        home.path(),
        &["show", "no-such-id"],
        Stdio::null(),
        Inherit::Given(closed_pipe()),
    );
    assert_eq!(code, 141, "standard error closed early");
}

/// True when `text` holds a byte a terminal would obey (C0 but newline, DEL, C1).
fn has_controls(text: &str) -> bool {
    text.chars()
        .any(|c| c != '\n' && (c.is_control() || ('\u{80}'..='\u{9f}').contains(&c)))
}

/// Paths come from the user and may hold ESC and BEL (a title-setting sequence, here): the
/// messages that name them show markers, never the raw bytes.
#[test]
fn paths_in_messages_show_their_control_characters_as_markers() {
    let home = tempfile::tempdir().unwrap();
    let evil = "a\u{1b}]0;pwned\u{7}b";
    // -o into a folder that does not exist, and one that does, twice (the file exists).
    let missing = home.path().join(evil).join("out.md");
    let folder = home.path().join(format!("{evil}-dir"));
    std::fs::create_dir(&folder).unwrap();
    let there = folder.join(format!("{evil}.md"));
    let mut messages = Vec::new();
    for out in [&missing, &there, &there] {
        let args = ["export", "--format", "md", "-o", out.to_str().unwrap()];
        let (_, err) = run_into(home.path(), &args, Stdio::null(), Inherit::Capture);
        messages.push(err);
    }
    // XDG_CONFIG_HOME: a config file that does not parse, and one that cannot be read.
    let config = home.path().join(evil);
    std::fs::create_dir_all(config.join("findings")).unwrap();
    std::fs::write(config.join("findings/config.toml"), "lang = \n").unwrap();
    let xdg = |args: &[&str]| {
        let out = findings()
            .args(args)
            .env("XDG_CONFIG_HOME", &config)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout)
    };
    messages.push(xdg(&["stats"]));
    std::fs::write(config.join("findings/config.toml"), "").unwrap();
    messages.push(xdg(&["config"]));
    std::fs::write(config.join("findings/views.toml"), "[view.a]\nsort = 1\n").unwrap();
    messages.push(xdg(&["views"]));
    for m in &messages {
        assert!(m.contains("a␛]0;pwned␇b"), "the path is named: {m:?}");
        assert!(!has_controls(m), "{m:?}");
    }
    assert!(messages[0].contains("does not exist"), "{}", messages[0]);
    assert!(messages[1].contains("wrote"), "{}", messages[1]);
    assert!(messages[2].contains("the file exists"), "{}", messages[2]);
}

/// Runs findings with `XDG_CONFIG_HOME` at `config`, giving up (and failing) if it has not
/// ended in 20 s: a settings file that is a FIFO or `/dev/zero` must not make it wait forever.
fn run_with_config(config: &std::path::Path, args: &[&str]) -> (i32, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_findings"))
        .args(args)
        .env("XDG_CONFIG_HOME", config)
        .env_remove("FINDINGS_DATA")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("findings {args:?} still running after 20 s: it waits on a settings file");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A config.toml or views.toml that is a FIFO (nobody writing) or a link to /dev/zero is
/// refused with a message, never read: before, every command waited forever or filled memory.
#[test]
fn settings_files_that_are_not_regular_files_are_refused_not_read() {
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("findings");
    std::fs::create_dir(&folder).unwrap();
    let fifo = |name: &str| {
        let path = folder.join(name);
        let status = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(status.unwrap().success());
    };
    fifo("config.toml");
    fifo("views.toml");
    let (code, err) = run_with_config(home.path(), &["stats"]);
    assert_eq!(code, 0, "the defaults, with a warning: {err}");
    assert!(err.contains("config.toml: not a regular file"), "{err}");
    let (code, err) = run_with_config(home.path(), &["views"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("views.toml: not a regular file"), "{err}");
    let (code, err) = run_with_config(home.path(), &["--view", "v", "search", "korea"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("views.toml: not a regular file"), "{err}");
    for name in ["config.toml", "views.toml"] {
        std::fs::remove_file(folder.join(name)).unwrap();
        std::os::unix::fs::symlink("/dev/zero", folder.join(name)).unwrap();
    }
    let (code, err) = run_with_config(home.path(), &["stats"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("config.toml: not a regular file"), "{err}");
    let (_, err) = run_with_config(home.path(), &["views"]);
    assert!(err.contains("views.toml: not a regular file"), "{err}");
}

/// A review change whose confirmation cannot be printed is still saved, and the message says
/// so: whoever retries would add the note twice.
#[test]
fn a_change_saved_but_not_confirmed_says_it_is_saved() {
    let home = tempfile::tempdir().unwrap();
    let (code, err) = run_into(
        home.path(),
        &["review", "note", "exp-han-quoc", "một lần thôi"],
        full(),
        Inherit::Capture,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the change itself is saved"), "{err}");
    let (code, err) = run_into(home.path(), &["search", "han"], full(), Inherit::Capture);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("saved"), "nothing changed: {err}");
    let db = home.path().join("review.db");
    let notes = findings::model::review::Store::at(&db)
        .get("exp-han-quoc")
        .unwrap()
        .notes;
    assert_eq!(notes.len(), 1);
}

/// Control characters typed or pasted into a query separate words and never come back raw
/// in what findings prints (the words a record lacks, the words left out).
#[test]
fn control_characters_in_a_query_separate_words_and_are_never_printed() {
    let out = findings()
        .args(["--lang", "vi", "search", "han\u{1}quoc"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("exp-han-quoc"));
    for query in [
        "han \u{1b}[31mxyz gi",
        "korea \u{1b}]0;x\u{7} zzqq",
        "han\u{9b}31m quoc",
    ] {
        let out = findings().args(["search", query]).output().unwrap();
        let printed = [out.stdout, out.stderr].concat();
        let text = String::from_utf8_lossy(&printed);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{query:?}: {text:?}"
        );
    }
}
