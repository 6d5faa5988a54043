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
