//! Synthetic datasets for benchmarks and `examples/gen_dataset.rs`: realistic Vietnamese
//! records in the v1 format (real province names, made-up districts and communes, summaries of
//! 40–120 words), reproducible from a seed. Never used for the app's own data.

use serde_json::{json, Value};

/// A small, fast, seedable generator (SplitMix64): no dependency for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

pub const PROVINCES: &[&str] = &[
    "An Giang",
    "Bà Rịa – Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Thành phố Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

const SYLLABLES: &[&str] = &[
    "Ea", "Krông", "Buôn", "Đăk", "Hòa", "Tân", "Phước", "Lộc", "An", "Bình", "Thạnh", "Sơn",
    "Hiếu", "Plông", "Pắc", "Mơ", "Rông", "Sê", "Chư", "Ia", "Kbang", "Mang", "Yang", "Lăk", "Tuy",
    "Đức", "Trung", "Nam", "Bắc", "Đông", "Tây", "Mỹ", "Long", "Hưng",
];

const TOPICS: &[&str] = &[
    "Tuyên truyền, vận động",
    "Chính sách hỗ trợ đặc thù",
    "Nâng cao thu nhập",
    "Dịch vụ xã hội cơ bản",
    "Mô hình sinh kế",
    "Đưa người lao động đi làm việc ở nước ngoài",
    "Giáo dục nghề nghiệp",
    "Nhà ở cho hộ nghèo",
    "Tín dụng chính sách",
    "Chuyển đổi số",
];

const PRODUCTS: &[&str] = &[
    "chè sạch",
    "cà phê",
    "dâu tằm",
    "hồ tiêu",
    "sầu riêng",
    "mắc ca",
    "rau an toàn",
    "bò sinh sản",
    "dê",
    "gà thả vườn",
    "lúa gạo",
    "mật ong",
    "dệt thổ cẩm",
    "măng tây",
];

const PHRASES: &[&str] = &[
    "hỗ trợ hộ nghèo, hộ cận nghèo phát triển sản xuất",
    "tuyên truyền, vận động người dân tự lực vươn lên thoát nghèo",
    "đào tạo nghề gắn với giải quyết việc làm",
    "đưa người lao động đi làm việc có thời hạn ở Hàn Quốc",
    "đưa người lao động đi làm việc ở Nhật Bản theo hợp đồng",
    "hỗ trợ vay vốn ưu đãi từ Ngân hàng Chính sách xã hội",
    "xây dựng mô hình sinh kế phù hợp với điều kiện địa phương",
    "khai thác tiềm năng, thế mạnh để nâng cao thu nhập",
    "hỗ trợ người dân tiếp cận dịch vụ y tế, giáo dục, nhà ở",
    "phối hợp với doanh nghiệp bao tiêu sản phẩm",
    "thành lập hợp tác xã, tổ hợp tác sản xuất",
    "cấp thẻ bảo hiểm y tế cho người thuộc hộ nghèo",
    "hỗ trợ nhà ở cho hộ nghèo có hoàn cảnh khó khăn",
    "chuyển đổi cơ cấu cây trồng, vật nuôi",
    "huy động nguồn lực xã hội hóa cho công tác giảm nghèo",
    "lồng ghép các chương trình mục tiêu quốc gia",
    "nâng cao năng lực cho cán bộ làm công tác giảm nghèo",
    "ứng dụng khoa học kỹ thuật vào sản xuất nông nghiệp",
];

const WORDS: &[&str] = &[
    "các",
    "địa phương",
    "đã",
    "triển khai",
    "hiệu quả",
    "kết quả",
    "người dân",
    "đồng bào",
    "dân tộc thiểu số",
    "vùng sâu",
    "vùng xa",
    "chính quyền",
    "đoàn thể",
    "cấp ủy",
    "thực hiện",
    "kinh nghiệm",
    "bền vững",
    "thu nhập",
    "tăng",
    "giảm",
    "tỷ lệ",
    "hộ",
    "năm",
    "giai đoạn",
    "chương trình",
    "dự án",
    "mô hình",
    "sản xuất",
    "tiêu thụ",
    "sản phẩm",
    "hỗ trợ",
    "vốn",
];

fn place(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(SYLLABLES), rng.pick(SYLLABLES))
}

/// 40–120 words: phrases from the domain with filler words between them.
fn summary(rng: &mut Rng, province: &str) -> String {
    let target = rng.range(40, 120);
    let mut words = 0;
    let mut out = format!("Tại tỉnh {province},");
    while words < target {
        let phrase = if rng.range(0, 2) == 0 {
            rng.pick(PHRASES).to_owned()
        } else {
            (0..rng.range(3, 8))
                .map(|_| rng.pick(WORDS))
                .collect::<Vec<_>>()
                .join(" ")
        };
        words += phrase.split(' ').count();
        out.push(' ');
        out.push_str(&phrase);
        out.push(if rng.range(0, 3) == 0 { '.' } else { ',' });
    }
    out.pop();
    out.push('.');
    out
}

fn date(rng: &mut Rng, year: usize) -> String {
    format!("{year}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28))
}

/// What the records of one trip share.
struct Trip<'a> {
    id: &'a str,
    year: usize,
    prefix: &'a str,
}

fn meeting(rng: &mut Rng, trip: &Trip, n: usize, province: &str) -> Value {
    json!({
        "id": format!("{}meeting-{n}", trip.prefix), "trip": trip.id,
        "title": format!("Làm việc với Sở Lao động – Thương binh và Xã hội tỉnh {province}"),
        "summary": summary(rng, province),
        "date": date(rng, trip.year),
        "province": province,
        "host": format!("Sở Lao động – Thương binh và Xã hội tỉnh {province}"),
        "topics": [rng.pick(TOPICS), rng.pick(TOPICS)],
    })
}

fn experience(rng: &mut Rng, trip: &Trip, n: usize, province: &str) -> Value {
    let topic = rng.pick(TOPICS);
    json!({
        "id": format!("{}exp-{n}", trip.prefix), "trip": trip.id,
        "title": format!("{topic}: {} của tỉnh {province}", rng.pick(PHRASES)),
        "summary": summary(rng, province),
        "province": province,
        "topic": topic,
        "tags": [rng.pick(PRODUCTS)],
        "lessons": [rng.pick(PHRASES)],
    })
}

fn visit(rng: &mut Rng, trip: &Trip, n: usize, province: &str) -> Value {
    let product = rng.pick(PRODUCTS);
    let org = format!("Hợp tác xã {} {}", product, place(rng));
    json!({
        "id": format!("{}visit-{n}", trip.prefix), "trip": trip.id,
        "title": format!("Mô hình sản xuất {product} – {org}"),
        "summary": summary(rng, province),
        "province": province,
        "organization": org,
        "location": {"commune": format!("xã {}", place(rng)), "district": format!("huyện {}", place(rng)), "province": province},
        "products": [product],
        "tags": ["HTX"],
    })
}

/// Records per file when a dataset is written in parts (a file must stay under 256 MiB).
pub const PART: usize = 50_000;

/// `records` records as dataset files of at most [`PART`] records each, serialized: part `k`
/// has seed `seed + k` and ids prefixed `p{k}-`, as `gen_dataset --out` writes them.
pub fn parts(records: usize, seed: u64) -> Vec<Vec<u8>> {
    (0..records.div_ceil(PART))
        .map(|k| {
            let n = (records - k * PART).min(PART);
            let value = dataset(n, seed.wrapping_add(k as u64), &format!("p{k}-"));
            serde_json::to_vec(&value).unwrap_or_default()
        })
        .collect()
}

/// [`parts`] as the source files a load reads, named `part-K.json`.
pub fn source_files(records: usize, seed: u64) -> Vec<crate::model::source::SourceFile> {
    parts(records, seed)
        .into_iter()
        .enumerate()
        .map(|(k, bytes)| crate::model::source::SourceFile {
            name: format!("part-{k}.json"),
            bytes: bytes.into(),
        })
        .collect()
}

/// A dataset of about `records` records (trips, meetings, experiences, visits) as one JSON
/// object, ids prefixed with `prefix` so several parts can be loaded together.
pub fn dataset(records: usize, seed: u64, prefix: &str) -> Value {
    let mut rng = Rng::new(seed);
    let per_trip = 50;
    let trip_count = records.div_ceil(per_trip).max(1);
    let (mut trips, mut meetings, mut experiences, mut visits) = (vec![], vec![], vec![], vec![]);
    let mut made = 0;
    for t in 0..trip_count {
        let home = rng.pick(PROVINCES);
        let year = rng.range(2015, 2025);
        let hosts: Vec<&str> = (0..4).map(|_| rng.pick(PROVINCES)).collect();
        let trip_id = format!("{prefix}trip-{t}");
        trips.push(json!({
            "id": trip_id,
            "title": format!("Đoàn công tác tỉnh {home} học tập kinh nghiệm giảm nghèo tại {}", hosts.join(", ")),
            "summary": summary(&mut rng, home),
            "start_date": format!("{year}-03-01"),
            "end_date": format!("{year}-03-06"),
            "leader": {"name": format!("Nguyễn Văn {}", rng.pick(SYLLABLES)), "role": "Phó Giám đốc Sở Lao động – Thương binh và Xã hội"},
            "provinces": hosts,
            "tags": ["giảm nghèo"],
        }));
        made += 1;
        let trip = Trip {
            id: &trip_id,
            year,
            prefix,
        };
        let mut trip_meetings = Vec::new();
        while made < records && made < (t + 1) * per_trip {
            let province = hosts[rng.range(0, hosts.len() - 1)];
            let n = made;
            made += 1;
            match rng.range(0, 9) {
                0..=2 => {
                    let m = meeting(&mut rng, &trip, n, province);
                    trip_meetings.push(m["id"].clone());
                    meetings.push(m);
                }
                3..=7 => {
                    let mut e = experience(&mut rng, &trip, n, province);
                    if let Some(m) = trip_meetings.last() {
                        e["meeting"] = m.clone();
                    }
                    experiences.push(e);
                }
                _ => visits.push(visit(&mut rng, &trip, n, province)),
            }
        }
    }
    json!({"schema_version": 1, "trips": trips, "meetings": meetings, "experiences": experiences, "visits": visits})
}
