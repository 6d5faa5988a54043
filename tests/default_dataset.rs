//! The embedded default dataset holds the facts the article states, and nothing invented.

use findings::model::record::Record;
use findings::model::{DataSource, Dataset, Kind};

fn dataset() -> Dataset {
    let loaded = DataSource::Embedded.load();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.dataset
}

fn all_text(d: &Dataset, id: &str) -> String {
    d.by_id(id).unwrap().to_json().to_string()
}

#[test]
fn the_trip_is_the_ninh_thuan_delegation_in_march_2024() {
    let d = dataset();
    assert_eq!(d.count(Kind::Trip), 1);
    let Some(Record::Trip(trip)) = d.by_id("ninh-thuan-tay-nguyen-2024") else {
        panic!("no trip");
    };
    assert_eq!(
        trip.start_date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-11")
    );
    assert_eq!(
        trip.end_date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-16")
    );
    assert_eq!(
        trip.programme.as_deref(),
        Some("Chương trình mục tiêu quốc gia giảm nghèo bền vững")
    );
    assert_eq!(
        (trip.days, trip.headcount),
        (None, None),
        "the article gives neither"
    );
    let leader = trip.leader.as_ref().unwrap();
    assert_eq!(leader.name, "Nguyễn Văn Bình");
    assert!(leader
        .role
        .as_deref()
        .unwrap()
        .contains("Phó Giám đốc Sở Lao động – Thương binh và Xã hội"));
    assert_eq!(
        *trip.provinces,
        ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông"]
    );
    for member in [
        "Văn phòng UBND tỉnh",
        "Sở Kế hoạch và Đầu tư",
        "Sở Nông nghiệp và PTNT",
        "Ban Dân tộc tỉnh",
    ] {
        assert!(trip.members.iter().any(|m| m == member), "{member}");
    }
    for unit in [
        "Phòng Người có công và Xã hội",
        "(bộ phận kế toán) Văn phòng",
        "Phòng Lao động Giáo dục nghề nghiệp",
        "các huyện, thành phố",
    ] {
        assert!(trip.members.iter().any(|m| m.contains(unit)), "{unit}");
    }
    let source = trip.source.as_ref().unwrap();
    assert!(source
        .title
        .starts_with("Học tập, trao đổi kinh nghiệm thực hiện Chương trình mục tiêu quốc gia"));
    assert_eq!(
        source.author.as_deref(),
        Some("Hoàng Định – Phòng Người Có công và Xã hội")
    );
    assert_eq!(source.url, None, "the article gives no address");
}

#[test]
fn four_meetings_one_per_province_with_no_invented_dates() {
    let d = dataset();
    let meetings: Vec<_> = d
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Meeting(m) => Some(m),
            _ => None,
        })
        .collect();
    let provinces: Vec<&str> = meetings
        .iter()
        .filter_map(|m| m.province.as_deref())
        .collect();
    assert_eq!(provinces, ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông"]);
    for m in &meetings {
        assert_eq!(
            m.date, None,
            "{}: the article gives no date per meeting",
            m.common.id
        );
        let province = m.province.as_deref().unwrap();
        assert_eq!(
            m.host.as_deref(),
            Some(format!("Sở Lao động – Thương binh và Xã hội tỉnh {province}").as_str())
        );
        let details = m.common.details.as_deref().unwrap();
        assert!(
            details.contains("Nguyễn Văn Bình") && details.contains("2021 – 03 tháng đầu năm 2024")
        );
        assert!(details.contains("tuyên truyền"));
    }
}

#[test]
fn every_experience_the_article_reports_is_there() {
    let d = dataset();
    assert!(d.count(Kind::Experience) >= 6);
    let titles: Vec<String> = d
        .records()
        .iter()
        .filter(|r| r.kind() == Kind::Experience)
        .map(|r| r.title().to_lowercase())
        .collect();
    for phrase in [
        "tuyên truyền",
        "hộ nghèo, cận nghèo",
        "tiềm năng, thế mạnh",
        "dịch vụ xã hội cơ bản",
        "mô hình sinh kế",
        "nước ngoài",
    ] {
        assert!(
            titles.iter().any(|t| t.contains(phrase)),
            "no experience about {phrase}"
        );
    }
    let services = all_text(&d, "exp-dich-vu-xa-hoi-co-ban");
    assert!(
        services.contains("y tế")
            && services.contains("giáo dục")
            && services.contains("thông tin")
    );
    let Some(Record::Experience(korea)) = d.by_id("exp-han-quoc") else {
        panic!("no Korea programme")
    };
    assert_eq!(
        korea.common.title,
        "Chương trình phối hợp đưa người lao động đi làm việc có thời hạn ở Hàn Quốc của tỉnh Đắk Lắk và Đắk Nông",
        "the programme in the article's words"
    );
    assert_eq!(*korea.provinces, ["Đắk Lắk", "Đắk Nông"]);
    assert_eq!(*korea.meetings, ["meeting-dak-lak", "meeting-dak-nong"]);
    let korea_records = d
        .records()
        .iter()
        .filter(|r| r.kind() == Kind::Experience && r.title().contains("Hàn Quốc"))
        .count();
    assert_eq!(korea_records, 1, "one programme, one record");
}

/// "Tại buổi làm việc với Sở … các tỉnh Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông, Đoàn công tác đã
/// nghe chia sẻ …": the three experiences were heard at all four meetings.
#[test]
fn the_shared_experiences_link_to_all_four_meetings_and_back() {
    let d = dataset();
    let meetings = [
        "meeting-kon-tum",
        "meeting-gia-lai",
        "meeting-dak-lak",
        "meeting-dak-nong",
    ];
    let shared = [
        "exp-tuyen-truyen-dong-thuan",
        "exp-chinh-sach-dac-thu",
        "exp-tiem-nang-the-manh",
    ];
    for id in shared {
        assert_eq!(d.by_id(id).unwrap().meeting_ids(), meetings, "{id}");
    }
    for meeting in meetings {
        let linked = ids(&d, d.linked(d.index_of(meeting).unwrap()));
        for id in shared {
            assert!(linked.contains(&id), "{meeting} does not list {id}");
        }
        let korea = linked.contains(&"exp-han-quoc");
        assert_eq!(
            korea,
            meeting == "meeting-dak-lak" || meeting == "meeting-dak-nong",
            "{meeting}"
        );
    }
}

fn ids(d: &Dataset, indexes: Vec<usize>) -> Vec<&str> {
    indexes
        .into_iter()
        .map(|i| d.get(i).unwrap().id())
        .collect()
}

#[test]
fn related_records_link_both_ways() {
    let d = dataset();
    let at = |id| d.index_of(id).unwrap();
    assert_eq!(
        ids(&d, d.related(at("exp-lao-dong-nuoc-ngoai"))),
        ["exp-han-quoc"]
    );
    assert_eq!(
        ids(&d, d.related(at("exp-han-quoc"))),
        ["exp-lao-dong-nuoc-ngoai"]
    );
    assert_eq!(
        ids(&d, d.related(at("exp-mo-hinh-sinh-ke"))),
        ["visit-che-sach-dong-truong-son", "visit-dau-tam-chu-se"]
    );
    for visit in ["visit-che-sach-dong-truong-son", "visit-dau-tam-chu-se"] {
        assert_eq!(ids(&d, d.related(at(visit))), ["exp-mo-hinh-sinh-ke"]);
        assert!(ids(&d, d.links(at(visit))).contains(&"exp-mo-hinh-sinh-ke"));
    }
}

/// What the article does not say is not in the data.
#[test]
fn no_record_claims_what_the_article_does_not() {
    let d = dataset();
    for r in d.records() {
        let text = r.to_json().to_string().to_lowercase();
        for word in ["vận động", "mobilis", "mobiliz"] {
            assert!(!text.contains(word), "{} says {word:?}", r.id());
        }
        match r {
            Record::Meeting(m) => assert_eq!(m.date, None, "{}", r.id()),
            Record::Visit(v) => assert_eq!(v.date, None, "{}", r.id()),
            _ => {}
        }
    }
    let workers = all_text(&d, "exp-han-quoc");
    assert!(
        !workers.contains("người lao động của tỉnh"),
        "the article does not tie the workers to a province"
    );
}

/// A translation that gives a part gives it for every part the record has.
#[test]
fn every_en_block_covers_every_field_it_translates() {
    let d = dataset();
    for r in d.records() {
        let c = r.common();
        let en =
            c.en.as_ref()
                .unwrap_or_else(|| panic!("{} has no en", r.id()));
        assert!(en.title.is_some(), "{}: en.title", r.id());
        assert_eq!(
            en.summary.is_some(),
            c.summary.is_some(),
            "{}: en.summary",
            r.id()
        );
        assert_eq!(
            en.details.is_some(),
            c.details.is_some(),
            "{}: en.details",
            r.id()
        );
        // The data's own prose is consistent (the source's names stay as it wrote them).
        let own = format!("{} {:?} {:?}", c.title, c.summary, c.details);
        for odd in [
            "Tây nguyên",
            "Đoàn Công tác",
            "phòng Người có công và xã hội",
        ] {
            assert!(!own.contains(odd), "{}: {odd:?}", r.id());
        }
        let english = format!("{:?} {:?}", en.summary, en.details);
        assert!(
            !english.contains("the Front"),
            "{}: the Fatherland Front",
            r.id()
        );
        assert!(!english.contains("heard experience"), "{}", r.id());
    }
    let trip = d.by_id("ninh-thuan-tay-nguyen-2024").unwrap().common();
    let details = trip.en.as_ref().unwrap().details.as_deref().unwrap();
    assert!(details.contains("contribute to good poverty-reduction work"));
    assert!(details.contains("poverty-reduction livelihood models of the localities"));
}

#[test]
fn short_titles_are_the_article_s_own_names() {
    let d = dataset();
    let short = |id: &str| d.by_id(id).unwrap().common().short_title.clone();
    assert_eq!(
        short("visit-che-sach-dong-truong-son").as_deref(),
        Some("HTX Chè sạch Đông Trường Sơn")
    );
    assert_eq!(
        short("visit-dau-tam-chu-se").as_deref(),
        Some("HTX Dâu – Tằm Chư Sê")
    );
    // In English, the cooperatives' names as their English titles end, and the Korea
    // programme's short title translated; the meetings keep their province names.
    let english = |id: &str| {
        let r = d.by_id(id).unwrap();
        findings::model::describe::short_title(r, findings::model::describe::Text::English)
            .map(str::to_owned)
    };
    for id in ["visit-che-sach-dong-truong-son", "visit-dau-tam-chu-se"] {
        let r = d.by_id(id).unwrap();
        let title = r
            .common()
            .en
            .as_ref()
            .and_then(|e| e.title.clone())
            .unwrap();
        let short = english(id).unwrap();
        assert!(title.ends_with(&format!("– {short}")), "{title} / {short}");
    }
    assert_eq!(
        english("exp-han-quoc").as_deref(),
        Some("Sending workers to work in Korea")
    );
    assert_eq!(english("meeting-kon-tum").as_deref(), Some("Kon Tum"));
    for (id, province) in [
        ("meeting-kon-tum", "Kon Tum"),
        ("meeting-gia-lai", "Gia Lai"),
        ("meeting-dak-lak", "Đắk Lắk"),
        ("meeting-dak-nong", "Đắk Nông"),
    ] {
        assert_eq!(short(id).as_deref(), Some(province));
    }
}

#[test]
fn the_two_model_visits_are_where_the_article_says() {
    let d = dataset();
    assert_eq!(d.count(Kind::Visit), 2);
    let Some(Record::Visit(tea)) = d.by_id("visit-che-sach-dong-truong-son") else {
        panic!()
    };
    assert_eq!(
        tea.organization.as_deref(),
        Some("Hợp tác xã Chè sạch Đông Trường Sơn")
    );
    let l = tea.location.as_ref().unwrap();
    assert_eq!(
        (
            l.village.as_deref(),
            l.commune.as_deref(),
            l.district.as_deref(),
            l.province.as_deref()
        ),
        (
            Some("Vi Choong"),
            Some("xã Hiếu"),
            Some("huyện Kon Plông"),
            Some("Kon Tum")
        )
    );
    let Some(Record::Visit(silk)) = d.by_id("visit-dau-tam-chu-se") else {
        panic!()
    };
    assert_eq!(
        silk.organization.as_deref(),
        Some("Hợp tác xã Dâu – Tằm Chư Sê")
    );
    let l = silk.location.as_ref().unwrap();
    assert_eq!(
        (
            l.commune.as_deref(),
            l.district.as_deref(),
            l.province.as_deref()
        ),
        (
            Some("thị trấn Chư Sê"),
            Some("huyện Chư Sê"),
            Some("Gia Lai")
        )
    );
    assert_eq!(tea.date, None);
    assert_eq!(silk.date, None);
}

#[test]
fn every_record_has_an_english_title_and_belongs_to_the_trip() {
    let d = dataset();
    for r in d.records() {
        let en = r.common().en.as_ref().and_then(|e| e.title.as_deref());
        assert!(
            en.is_some_and(|t| !t.is_empty()),
            "{} has no English title",
            r.id()
        );
        assert_eq!(
            r.trip_id(),
            Some("ninh-thuan-tay-nguyen-2024"),
            "{}",
            r.id()
        );
    }
}

#[test]
fn meetings_link_to_the_experiences_shared_there() {
    let d = dataset();
    let meeting = d.index_of("meeting-dak-lak").unwrap();
    assert_eq!(
        ids(&d, d.links(meeting)),
        [
            "ninh-thuan-tay-nguyen-2024",
            "exp-tuyen-truyen-dong-thuan",
            "exp-chinh-sach-dac-thu",
            "exp-tiem-nang-the-manh",
            "exp-han-quoc"
        ]
    );
    let trip = d.index_of("ninh-thuan-tay-nguyen-2024").unwrap();
    assert_eq!(d.links(trip).len(), 13);
}
