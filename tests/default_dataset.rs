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
    assert_eq!(trip.start_date.to_string(), "2024-03-11");
    assert_eq!(trip.end_date.to_string(), "2024-03-16");
    let leader = trip.leader.as_ref().unwrap();
    assert_eq!(leader.name, "Nguyễn Văn Bình");
    assert!(leader
        .role
        .as_deref()
        .unwrap()
        .contains("Phó Giám đốc Sở Lao động – Thương binh và Xã hội"));
    assert_eq!(
        trip.provinces,
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
        "phòng Người có công và xã hội",
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
    for (id, province, meeting) in [
        ("exp-han-quoc-dak-lak", "Đắk Lắk", "meeting-dak-lak"),
        ("exp-han-quoc-dak-nong", "Đắk Nông", "meeting-dak-nong"),
    ] {
        let Some(Record::Experience(e)) = d.by_id(id) else {
            panic!("{id}")
        };
        assert_eq!(e.province.as_deref(), Some(province));
        assert_eq!(e.meeting.as_deref(), Some(meeting));
        assert!(e.common.title.contains("Hàn Quốc"));
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
    let linked: Vec<&str> = d
        .links(meeting)
        .into_iter()
        .map(|i| d.get(i).unwrap().id())
        .collect();
    assert_eq!(
        linked,
        ["ninh-thuan-tay-nguyen-2024", "exp-han-quoc-dak-lak"]
    );
    let trip = d.index_of("ninh-thuan-tay-nguyen-2024").unwrap();
    assert_eq!(d.links(trip).len(), 14);
}
